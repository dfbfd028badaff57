import {
  CST,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
  visit,
} from "yaml";
import type { Position, Problem, ProblemCode } from "./types.js";

/** Workflow files larger than this are refused before parsing. */
export const maxWorkflowBytes = 256 * 1024;

/**
 * How deeply collections may nest. The parser and the checks after it
 * recurse per level; far below where any of them runs out of stack.
 */
export const maxYamlDepth = 64;

/** A file being loaded, so any node can be turned into a line and column. */
export interface Source {
  path: string;
  text: string;
  lines: LineCounter;
}

/** A place in a source: a node when there is one, else the file's start. */
export interface Site {
  source: Source;
  node?: Node | undefined;
  /** Characters past the node's start (inside a scalar). */
  shift?: number;
}

export interface YamlFile {
  source: Source;
  doc: Document.Parsed;
  /** The document as plain data. */
  data: unknown;
}

/**
 * Parses YAML with positions; alias bombs, huge files and nesting past
 * `maxYamlDepth` become problems.
 */
export function readYaml(
  text: string,
  path: string,
): { file?: YamlFile; problems: Problem[] } {
  const source: Source = { path, text, lines: new LineCounter() };
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxWorkflowBytes) {
    const message = `the file is ${bytes} bytes; workflow files may be at most ${maxWorkflowBytes} bytes (256 KB)`;
    return { problems: [problemAt({ source }, "too-large", message)] };
  }
  const deep = tooDeep(source);
  if (deep) return { problems: [deep] };
  const doc = parseDocument(text, { lineCounter: source.lines });
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => yamlProblem(source, e)) };
  }
  return toData(source, doc);
}

function toData(
  source: Source,
  doc: Document.Parsed,
): { file?: YamlFile; problems: Problem[] } {
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    const node = firstAlias(doc);
    const message =
      err instanceof RangeError
        ? `${deeperThan()} once its aliases are expanded`
        : `the YAML cannot be read: ${(err as Error).message}`;
    return { problems: [problemAt({ source, node }, "yaml", message)] };
  }
  // Aliases may nest a collection inside a copy of itself, deeper.
  if (dataDepth(data) > maxYamlDepth) {
    const message = `${deeperThan()} once its aliases are expanded`;
    const node = firstAlias(doc);
    return { problems: [problemAt({ source, node }, "yaml", message)] };
  }
  return { file: { source, doc, data }, problems: [] };
}

function deeperThan(): string {
  return `the YAML is nested deeper than ${maxYamlDepth} levels`;
}

/**
 * The problem of a text whose collections nest past `maxYamlDepth`, at
 * the collection that crosses it. The parser's token tree is built
 * without recursion and walked here with a stack, so any depth is safe.
 */
function tooDeep(source: Source): Problem | undefined {
  const offset = nestingOffset(source.text);
  if (offset === undefined) return undefined;
  const before = source.text.slice(0, offset);
  const line = before.split("\n").length;
  const col = offset - before.lastIndexOf("\n");
  const message = `${deeperThan()}; flatten it`;
  return { path: source.path, line, col, message, code: "yaml" };
}

/** Where collections first nest past `max`; undefined when they never do. */
export function nestingOffset(
  text: string,
  max = maxYamlDepth,
): number | undefined {
  const parser = new Parser();
  const roots: CST.Token[] = [];
  try {
    for (const token of parser.parse(text)) roots.push(token);
  } catch (err) {
    // Closing thousands of levels at once overflows the parser itself.
    if (!(err instanceof RangeError)) throw err;
    return openOffset(parser, max);
  }
  return walkDepth(
    roots.map((token) => [token, 0]),
    max,
  );
}

/**
 * Where nesting crosses `max` in what a parser that ran out of stack
 * holds: its open tokens, outermost first, then what the innermost holds.
 */
function openOffset(parser: Parser, max: number): number {
  let level = 0;
  for (const token of parser.stack) {
    if (CST.isCollection(token)) level += 1;
    if (level > max) return token.offset;
  }
  const top = parser.stack.at(-1);
  if (!top) return parser.offset;
  const outer = CST.isCollection(top) ? level - 1 : level;
  return walkDepth([[top, outer]], max) ?? parser.offset;
}

/** Walks tokens, each with its parent's level, with a stack of its own. */
function walkDepth(
  stack: [CST.Token, number][],
  max: number,
): number | undefined {
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    const level = CST.isCollection(token) ? depth + 1 : depth;
    if (level > max) return token.offset;
    for (const child of childrenOf(token)) stack.push([child, level]);
  }
  return undefined;
}

function childrenOf(token: CST.Token): CST.Token[] {
  if (token.type === "document") return token.value ? [token.value] : [];
  if (!CST.isCollection(token)) return [];
  const children: CST.Token[] = [];
  for (const item of token.items) {
    if (item.key) children.push(item.key);
    if (item.value) children.push(item.value);
  }
  return children;
}

/** How deeply plain data nests, measured without recursion. */
function dataDepth(data: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxYamlDepth) return deepest;
    const inner = value instanceof Map ? value.values() : Object.values(value);
    for (const child of inner) stack.push([child, depth + 1]);
  }
  return deepest;
}

function yamlProblem(
  source: Source,
  error: { pos: [number, number]; message: string },
): Problem {
  const { line, col } = source.lines.linePos(error.pos[0]);
  const first = error.message.split("\n")[0]!;
  const said = first.replace(/ at line \d+, column \d+:?$/, "");
  const message = `YAML syntax: ${said}`;
  return { path: source.path, line, col, message, code: "yaml" };
}

function firstAlias(doc: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The 1-based line and column of a site. */
export function positionOf(site: Site): Position {
  // A file refused before parsing has no lines counted yet.
  if (site.source.lines.lineStarts.length === 0) return { line: 1, col: 1 };
  const start = site.node?.range?.[0] ?? 0;
  return site.source.lines.linePos(start + (site.shift ?? 0));
}

export function problemAt(
  site: Site,
  code: ProblemCode,
  message: string,
): Problem {
  const { line, col } = positionOf(site);
  return { path: site.source.path, line, col, message, code };
}

/** The value node at `path` and its key, or the deepest node on the way. */
export function nodeAt(
  root: Node | undefined,
  path: readonly (string | number)[],
): { node: Node | undefined; key?: Node; complete: boolean } {
  let node = root;
  let key: Node | undefined;
  for (const segment of path) {
    const step = child(node, segment);
    if (!step) return { node, complete: false };
    [node, key] = [step.node, step.key];
  }
  return key ? { node, key, complete: true } : { node, complete: true };
}

function child(
  node: Node | undefined,
  segment: string | number,
): { node: Node | undefined; key?: Node } | undefined {
  if (isSeq(node)) {
    const item = node.items[Number(segment)];
    return isNode(item) ? { node: item } : undefined;
  }
  if (!isMap(node)) return undefined;
  const pair = node.items.find(
    (p) => isScalar(p.key) && String(p.key.value) === String(segment),
  );
  if (!pair) return undefined;
  const key = isNode(pair.key) ? pair.key : undefined;
  const value = isNode(pair.value) ? pair.value : key;
  return key ? { node: value, key } : { node: value };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

/** A site for the value at `path` below `site`'s node. */
export function siteAt(site: Site, path: readonly (string | number)[]): Site {
  return { source: site.source, node: nodeAt(site.node, path).node };
}

/** A site for the key at `path` below `site`'s node (else its value). */
export function keySiteAt(
  site: Site,
  path: readonly (string | number)[],
): Site {
  const found = nodeAt(site.node, path);
  return { source: site.source, node: found.key ?? found.node };
}

/**
 * Where the `index`-th `{{` of a scalar starts, counted from the node: the
 * raw text may differ from the value (quotes, escapes), the braces do not.
 */
export function braceShift(site: Site, index: number): number | undefined {
  const node = site.node;
  const range = node?.range;
  if (!node || !range || !isScalar(node)) return undefined;
  let opens = braces.get(node);
  if (!opens) {
    const raw = site.source.text.slice(range[0], range[1]);
    // StackStorm files may write `<% … %>`; loaders read it as `{{ … }}`.
    opens = [...raw.matchAll(/\{\{|<%/g)].map((m) => m.index);
    braces.set(node, opens);
  }
  return opens[index];
}

// Scanned once per scalar: a long one may hold thousands of expressions.
const braces = new WeakMap<Node, number[]>();
