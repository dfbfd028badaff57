import { parseDocument } from "yaml";
import { enumField, hasReason } from "./inquiry-text.js";

/** Longest comment the app reads as a reply; longer ones are refused. */
export const maxReplyChars = 16_384;
const maxDepth = 16;

export type Reply =
  | { kind: "none" }
  | { kind: "command"; name: "cancel" | "retry" | "abandon"; args: string }
  | { kind: "response"; value: Record<string, unknown> }
  | { kind: "error"; problem: string };

const commands = new Set(["cancel", "retry", "abandon"]);

/**
 * Reads a comment as an answer: a slash command, or the first fenced YAML
 * or JSON block. Anything else is conversation and is left alone.
 */
export function parseReply(
  body: string,
  schema?: Record<string, unknown>,
): Reply {
  if (body.length > maxReplyChars) return tooLong(body);
  const slash = /^\/([a-z][a-z0-9_-]*)(?:[ \t]+(.*))?$/im.exec(body.trim());
  if (slash && body.trim().startsWith("/")) {
    return readSlash(slash[1]!.toLowerCase(), (slash[2] ?? "").trim(), schema);
  }
  const block =
    /^(`{3,}|~{3,})[ \t]*(yaml|yml|json)?[ \t]*\r?\n([\s\S]*?)^\1[ \t]*$/m.exec(
      body,
    );
  if (!block) return { kind: "none" };
  return readBlock(block[3] ?? "");
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

function readSlash(
  name: string,
  args: string,
  schema: Record<string, unknown> | undefined,
): Reply {
  if (commands.has(name)) {
    return { kind: "command", name: name as "cancel", args };
  }
  const field = schema ? enumField(schema) : undefined;
  if (!field?.values.includes(name)) return { kind: "none" };
  const value: Record<string, unknown> = { [field.name]: name };
  if (args && schema && hasReason(schema)) value["reason"] = args;
  return { kind: "response", value };
}

function readBlock(text: string): Reply {
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
  if (depthOf(value) > maxDepth) {
    return {
      kind: "error",
      problem: `the block nests deeper than ${maxDepth} levels`,
    };
  }
  return { kind: "response", value: value as Record<string, unknown> };
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
