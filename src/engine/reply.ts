import MarkdownIt from "markdown-it";
import { parseDocument } from "yaml";
import { nestingOffset } from "../workflow/yaml-source.js";
import { enumField, hasReason } from "./inquiry-text.js";

/** Longest comment the app reads as a reply; longer ones are refused. */
export const maxReplyChars = 16_384;
const maxDepth = 16;

export type Reply =
  | { kind: "none" }
  | { kind: "command"; name: "cancel" | "retry" | "abandon"; args: string }
  | { kind: "response"; value: Record<string, unknown> }
  | { kind: "error"; problem: string; ambiguous?: true };

const commands = new Set(["cancel", "retry", "abandon"]);
/** Fence languages a reply block may name (or none), in any case. */
const blockLanguages = new Set(["", "yaml", "yml", "json"]);

// Raw HTML on, to see what GitHub hides (HTML comments); nothing is
// rendered, the tokens only show which blocks GitHub displays.
const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<typeof markdown.parse>[number];

/**
 * Reads a comment as GitHub shows it: a slash command or shorthand on the
 * first visible line, or one fenced YAML or JSON block. What an HTML
 * comment hides is never read, a quoted block is someone else's, and a
 * comment with two answers (two blocks, or a shorthand and a block) is
 * refused rather than read one way. Anything else is conversation.
 */
export function parseReply(
  body: string,
  schema?: Record<string, unknown>,
): Reply {
  if (body.length > maxReplyChars) return tooLong(body);
  const tokens = markdown.parse(body, {});
  const blocks = replyBlocks(tokens);
  const slash = leadingSlash(tokens);
  const said = slash ? readSlash(slash.word, slash.args, schema) : undefined;
  if (said?.kind === "response" && blocks.length > 0) {
    return ambiguous("it holds both a shorthand and a fenced block");
  }
  if (said && said.kind !== "none") return said;
  if (blocks.length > 1) {
    return ambiguous(`it holds ${blocks.length} fenced YAML or JSON blocks`);
  }
  return blocks[0] === undefined ? { kind: "none" } : readBlock(blocks[0]);
}

function tooLong(body: string): Reply {
  const looksLikeReply =
    body.trimStart().startsWith("/") || /```|~~~/.test(body);
  if (!looksLikeReply) return { kind: "none" };
  return {
    kind: "error",
    problem: `the comment is ${body.length} characters long; a reply is at most ${maxReplyChars}`,
  };
}

function ambiguous(problem: string): Reply {
  return { kind: "error", problem, ambiguous: true };
}

/**
 * The text of the fenced blocks that may be a reply: fenced as YAML,
 * JSON or nothing, and not quoted. GitHub shows none of those inside an
 * HTML comment, and neither does the parser report them.
 */
function replyBlocks(tokens: Token[]): string[] {
  const found: string[] = [];
  let quoted = 0;
  for (const token of tokens) {
    if (token.type === "blockquote_open") quoted++;
    else if (token.type === "blockquote_close") quoted--;
    else if (token.type === "fence" && quoted === 0 && isReplyInfo(token)) {
      found.push(token.content);
    }
  }
  return found;
}

function isReplyInfo(token: Token): boolean {
  const language = token.info.trim().split(/\s+/)[0] ?? "";
  return blockLanguages.has(language.toLowerCase());
}

/**
 * `/word args` when the first thing GitHub shows is a paragraph that
 * starts with it; HTML comments before it or within the line are hidden
 * on GitHub, so they are taken out here too.
 */
function leadingSlash(
  tokens: Token[],
): { word: string; args: string } | undefined {
  const first = tokens.findIndex(
    (t) => !(t.type === "html_block" && onlyComments(t.content)),
  );
  if (tokens[first]?.type !== "paragraph_open") return undefined;
  const line = visibleInline(tokens[first + 1]!)
    .split("\n")[0]!
    .trim();
  const slash = /^\/([a-z][a-z0-9_-]*)(?:[ \t]+(.*))?$/i.exec(line);
  if (!slash) return undefined;
  return { word: slash[1]!, args: (slash[2] ?? "").trim() };
}

/** Whether an HTML block holds nothing but comments (maybe unclosed). */
function onlyComments(html: string): boolean {
  let rest = html.trim();
  while (rest.startsWith("<!--")) {
    const end = rest.indexOf("-->", 2);
    // An unclosed comment hides everything after it.
    if (end < 0) return true;
    rest = rest.slice(end + 3).trim();
  }
  return rest === "";
}

/** A paragraph's source without the inline HTML comments it holds. */
function visibleInline(inline: Token): string {
  let text = inline.content;
  for (const child of inline.children ?? []) {
    if (child.type === "html_inline" && child.content.startsWith("<!--")) {
      text = text.replace(child.content, "");
    }
  }
  return text;
}

function readSlash(
  word: string,
  args: string,
  schema: Record<string, unknown> | undefined,
): Reply {
  const name = word.toLowerCase();
  if (commands.has(name)) {
    return { kind: "command", name: name as "cancel", args };
  }
  const field = schema ? enumField(schema) : undefined;
  if (!field) return { kind: "none" };
  const chosen = shorthandValue(field.values, word);
  if (chosen === undefined) return { kind: "none" };
  if (Array.isArray(chosen)) {
    const named = chosen.map((v) => `\`${v}\``).join(" and ");
    return ambiguous(
      `\`/${word}\` could mean ${named}; write the shorthand exactly as the inquiry shows it`,
    );
  }
  const value: Record<string, unknown> = { [field.name]: chosen };
  if (args && schema && hasReason(schema)) value["reason"] = args;
  return { kind: "response", value };
}

/**
 * The enum value a shorthand names: the one spelled exactly so, else
 * the one equal to it but for case. Values that differ only in case are
 * each read by their exact spelling alone (the ones the inquiry shows);
 * any other spelling of them is ambiguous and returns them all.
 */
function shorthandValue(
  values: string[],
  word: string,
): string | string[] | undefined {
  if (values.includes(word)) return word;
  const lower = word.toLowerCase();
  const same = values.filter((v) => v.toLowerCase() === lower);
  return same.length > 1 ? same : same[0];
}

function readBlock(text: string): Reply {
  // Measured before parsing: the parser recurses, and thousands of
  // levels would overflow its stack.
  if (nestingOffset(text, maxDepth) !== undefined) return tooDeep();
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0];
    const at = where ? ` at line ${where.line}, column ${where.col}` : "";
    return {
      kind: "error",
      problem: `the block is not valid YAML or JSON${at} (${first.code})`,
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10 });
  } catch {
    return {
      kind: "error",
      problem: "the block uses YAML aliases too heavily",
    };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      kind: "error",
      problem: "the block must hold a mapping of field names to values",
    };
  }
  if (depthOf(value) > maxDepth) return tooDeep();
  return { kind: "response", value: value as Record<string, unknown> };
}

function tooDeep(): Reply {
  const problem = `the block nests deeper than ${maxDepth} levels`;
  return { kind: "error", problem };
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > maxDepth || value === null || typeof value !== "object")
    return depth;
  let deepest = depth;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, depth + 1));
  }
  return deepest;
}
