import { fail } from "../errors.js";
import { code } from "../markdown.js";
import { type FormBody, readFormBody } from "./form-body.js";

/** `/run` words; typed later against the workflow's input schema. */
interface WordsRequest {
  kind: "words";
  workflow: string;
  values: Record<string, string>;
}

/** The fields of a rendered issue form. */
interface FormRequest {
  kind: "form";
  workflow: string;
  form: FormBody;
}

/** JSON from repository_dispatch; strings in it are typed like words. */
interface DataRequest {
  kind: "data";
  workflow: string;
  input: Record<string, unknown>;
}

/** A request for a run, as one of the four ways wrote it. */
export type RunRequest = WordsRequest | FormRequest | DataRequest;

/** The `repository_dispatch` event type that asks for a run. */
export const dispatchEventType = "approval-runner.run";

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const keyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Whether a text can be a workflow's name. */
export function isWorkflowName(text: string): boolean {
  return namePattern.test(text);
}

/**
 * Reads a request from an issue body: `/run …` on its first line, or a
 * body rendered from a generated issue form. Undefined when it is neither.
 */
export function parseRequest(text: string): RunRequest | undefined {
  const words = parseRunCommand(text);
  if (words) return words;
  const form = readFormBody(text);
  return form ? { kind: "form", workflow: form.workflow, form } : undefined;
}

/**
 * Reads `/run <workflow> key=value …` from the first line of a text that
 * starts with it; undefined when the text is not a request at all.
 */
export function parseRunCommand(text: string): WordsRequest | undefined {
  const line = text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  if (!/^\/run(\s|$)/.test(line)) return undefined;
  const words = splitWords(line.slice(4));
  const workflow = words.shift();
  if (!workflow || !namePattern.test(workflow)) {
    throw fail("AR_REQUEST_SYNTAX", {
      problem: workflow
        ? `${code(workflow)} is not a workflow name (letters, digits, \`_\`, \`.\`, \`-\`)`
        : "no workflow is named",
    });
  }
  const values = parseValues(words);
  return { kind: "words", workflow, values };
}

/** Reads `key=value` words into values, refusing anything else. */
export function parseValues(words: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    const key = word.slice(0, Math.max(eq, 0));
    if (eq < 1 || !keyPattern.test(key)) {
      throw fail("AR_REQUEST_SYNTAX", {
        problem: `${code(word)} is not a \`key=value\` pair`,
      });
    }
    setOwn(values, key, word.slice(eq + 1));
  }
  return values;
}

/** Splits on spaces, keeping "double" or 'single' quoted parts together. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) {
    words.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, "$1$2"));
  }
  return words;
}

/** Turns written values into the types the input schema asks for. */
export function typeValues(
  values: Record<string, unknown>,
  schema: Record<string, unknown>,
): Record<string, unknown> {
  const properties = (schema["properties"] ?? {}) as Record<
    string,
    { type?: unknown }
  >;
  const typed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const type = Object.hasOwn(properties, key)
      ? properties[key]?.type
      : undefined;
    setOwn(typed, key, typeof raw === "string" ? typeValue(raw, type) : raw);
  }
  return typed;
}

/** Turns one written value into `type` where it reads as one. */
export function typeValue(raw: string, type: unknown): unknown {
  if (
    (type === "integer" || type === "number") &&
    /^-?\d+(\.\d+)?$/.test(raw)
  ) {
    return Number(raw);
  }
  if (type === "boolean" && (raw === "true" || raw === "false")) {
    return raw === "true";
  }
  if ((type === "array" || type === "object") && /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Sets a key as an own property, even `__proto__`, so a name from a
 * request can never reach an object's prototype. */
export function setOwn(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Levels of objects and arrays inside each other an input may hold. */
export const maxInputDepth = 16;
/** Characters of JSON an input may take: it is shown, signed, stored. */
export const maxInputChars = 16 * 1024;

/**
 * What makes an input too large to take: fields nested too deep, or too
 * much JSON. Depth is measured without recursion, so no input can
 * overflow the stack while it is measured.
 */
export function inputBoundProblems(input: Record<string, unknown>): string[] {
  const deep = Object.entries(input)
    .filter(([, value]) => depthExceeds(value, maxInputDepth - 1))
    .map(([key]) => key);
  if (deep.length > 0) {
    return deep.map(
      (key) =>
        `${code(key)} nests objects and arrays more than ${maxInputDepth} levels deep; at most ${maxInputDepth} are allowed`,
    );
  }
  const chars = JSON.stringify(input).length;
  if (chars <= maxInputChars) return [];
  return [
    `the input takes ${chars} characters as JSON; at most ${maxInputChars} are allowed`,
  ];
}

/** Whether `value` holds objects or arrays more than `limit` levels deep. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A NUL character can never reach a command line, so a value holding one
 * is refused when it arrives, before anyone is asked to approve it. Names
 * each string (value or key) that holds one, by its path.
 */
export function nulProblems(value: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === "string" && item.includes("\0")) found.push(path);
    if (typeof item !== "object" || item === null) continue;
    for (const [key, child] of Object.entries(item).reverse()) {
      const at = pathTo(path, key, Array.isArray(item));
      if (key.includes("\0")) found.push(at);
      stack.push([child, at]);
    }
  }
  return found.map(
    (path) =>
      `${code(path || "(the value)")} holds a NUL character (U+0000), which cannot reach a command line; remove it`,
  );
}

function pathTo(path: string, key: string, inArray: boolean): string {
  if (inArray) return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
    return path ? `${path}.${key}` : key;
  }
  return `${path}[${JSON.stringify(key)}]`;
}
