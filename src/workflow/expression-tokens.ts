import { code } from "../markdown.js";
import { unexpected } from "./expression-error.js";

export type TokenType = "string" | "number" | "name" | "op" | "end";

export interface Token {
  type: TokenType;
  /** The characters as written (for strings: the decoded value). */
  text: string;
  offset: number;
}

// Longest first, so `<=` wins over `<`.
const operators = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "<",
  ">",
  "=",
  "!",
  "+",
  "-",
  ".",
  "[",
  "]",
  "(",
  ")",
  ",",
  "$",
];

const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r" };

/** Splits an expression into tokens; the last one is always `end`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    if (/\s/.test(source[at]!)) {
      at += 1;
      continue;
    }
    const token = readToken(source, at);
    tokens.push(token.token);
    at = token.next;
  }
  tokens.push({ type: "end", text: "", offset: source.length });
  return tokens;
}

function readToken(source: string, at: number) {
  const ch = source[at]!;
  if (ch === "'" || ch === '"') return readString(source, at);
  const number = /^\d+(\.\d+)?/.exec(source.slice(at, at + 64));
  if (number) return made("number", number[0], at);
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(at, at + 256));
  if (name) return made("name", name[0], at);
  const op = operators.find((o) => source.startsWith(o, at));
  if (op) return made("op", op, at);
  throw unexpected(`${code(ch)}`, at, "a value or an operator");
}

function made(type: TokenType, text: string, offset: number) {
  return { token: { type, text, offset }, next: offset + text.length };
}

function readString(source: string, start: number) {
  const quote = source[start]!;
  let value = "";
  let at = start + 1;
  while (at < source.length && source[at] !== quote) {
    if (source[at] === "\\" && at + 1 < source.length) {
      const next = source[at + 1]!;
      value += escapes[next] ?? next;
      at += 2;
    } else {
      value += source[at];
      at += 1;
    }
  }
  if (at >= source.length) {
    throw unexpected("end of expression", at, `a closing ${quote}`);
  }
  const token: Token = { type: "string", text: value, offset: start };
  return { token, next: at + 1 };
}
