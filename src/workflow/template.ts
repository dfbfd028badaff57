import {
  type Expr,
  evaluate,
  isPlainObject,
  parseExpression,
  references,
} from "./expression.js";
import { unexpected } from "./expression-error.js";
import type { Scope } from "./types.js";

/** One `{{ … }}` in a text: its source and where that source starts. */
export interface FoundExpression {
  /** The characters between `{{` and `}}`, untrimmed. */
  source: string;
  /** Offset of `source` in the text (just after `{{`). */
  offset: number;
}

export interface RenderOptions {
  /** Applied to each value interpolated into text, e.g. shell quoting. */
  escape?: (s: string) => string;
}

/** Finds every `{{ … }}`; a `}}` inside a quoted string does not close one. */
export function findExpressions(text: string): FoundExpression[] {
  const found: FoundExpression[] = [];
  let at = text.indexOf("{{");
  while (at !== -1) {
    const start = at + 2;
    const end = findClose(text, start);
    if (end === -1)
      throw unexpected("`{{` with no `}}` after it", at, "`}}` to close it");
    found.push({ source: text.slice(start, end), offset: start });
    at = text.indexOf("{{", end + 2);
  }
  return found;
}

function findClose(text: string, start: number): number {
  let quote = "";
  for (let at = start; at < text.length; at += 1) {
    const ch = text[at]!;
    if (quote) {
      if (ch === "\\") at += 1;
      else if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (text.startsWith("}}", at)) {
      return at;
    }
  }
  return -1;
}

/** Whether a text is one expression and nothing else (spaces aside). */
export function soleExpression(text: string): FoundExpression | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}")) return undefined;
  const found = findExpressions(text);
  if (found.length !== 1) return undefined;
  const only = found[0]!;
  const closes = only.offset + only.source.length + 2;
  return closes === text.trimEnd().length ? only : undefined;
}

/**
 * Renders every string inside `value`. Values read from the scope are
 * inserted as data and never rendered again.
 */
export function renderTemplate(
  value: unknown,
  scope: Scope,
  options: RenderOptions = {},
): unknown {
  if (typeof value === "string") return renderString(value, scope, options);
  if (Array.isArray(value)) {
    return value.map((item) => renderTemplate(item, scope, options));
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      renderTemplate(item, scope, options),
    ]);
    return Object.fromEntries(entries);
  }
  return value;
}

function renderString(
  text: string,
  scope: Scope,
  options: RenderOptions,
): unknown {
  const sole = soleExpression(text);
  if (sole) return evaluate(parseCached(sole.source), scope);
  let out = "";
  let last = 0;
  for (const found of findExpressions(text)) {
    const value = evaluate(parseCached(found.source), scope);
    const shown = stringify(value);
    out += text.slice(last, found.offset - 2);
    out += options.escape ? options.escape(shown) : shown;
    last = found.offset + found.source.length + 2;
  }
  return out + text.slice(last);
}

/** How a value reads inside text: objects as JSON, null as nothing. */
export function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// Workflows repeat the same few expressions on every run.
const cache = new Map<string, Expr>();
const cacheLimit = 500;

/** Parses the trimmed source, so columns count from its first character. */
function parseCached(text: string): Expr {
  const source = text.trim();
  const hit = cache.get(source);
  if (hit) return hit;
  const parsed = parseExpression(source);
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(source, parsed);
  return parsed;
}

/** Everything the templates inside `value` read, for validation. */
export function templateReferences(value: unknown): {
  vars: string[];
  tasks: string[];
  functions: string[];
} {
  const sets = { vars: new Set<string>(), tasks: new Set<string>() };
  const functions = new Set<string>();
  for (const text of strings(value)) {
    for (const found of findExpressions(text)) {
      const refs = references(parseCached(found.source));
      for (const name of refs.vars) sets.vars.add(name);
      for (const name of refs.tasks) sets.tasks.add(name);
      for (const name of refs.functions) functions.add(name);
    }
  }
  return {
    vars: [...sets.vars],
    tasks: [...sets.tasks],
    functions: [...functions],
  };
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isPlainObject(value)) return Object.values(value).flatMap(strings);
  return [];
}
