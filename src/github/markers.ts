import { createHmac, timingSafeEqual } from "node:crypto";

/** Hidden markers the app writes into comments and issue bodies. */
const prefix = "<!-- approval-runner:";

/** Marks a comment as the app's own, with a key that makes it unique. */
export function commentMarker(key: string): string {
  return `${prefix}${key} -->`;
}

export function hasAppMarker(body: string): boolean {
  return body.includes(prefix);
}

export function hasMarker(body: string, key: string): boolean {
  return body.includes(commentMarker(key));
}

export const statusStart = `${prefix}status -->`;
export const statusEnd = `${prefix}status-end -->`;

const stateStart = `${prefix}state `;

/**
 * A machine-readable copy of a run, so a thread can rebuild it. With a
 * key it carries an HMAC (`sig`), since anyone who may edit the issue
 * may edit the marker too.
 */
export function stateMarker(
  state: Record<string, unknown>,
  key?: string,
): string {
  const signed = key ? { ...state, sig: signState(state, key) } : state;
  const data = Buffer.from(JSON.stringify(signed)).toString("base64");
  return `${stateStart}${data} -->`;
}

/** The state in a body's marker, only when its HMAC checks out. */
export function readSignedState(
  body: string,
  key: string,
): Record<string, unknown> | undefined {
  const state = readStateMarker(body);
  const sig = state?.["sig"];
  if (!state || typeof sig !== "string") return undefined;
  const { sig: _, ...rest } = state;
  const expected = Buffer.from(signState(rest, key), "hex");
  const given = Buffer.from(sig, "hex");
  if (given.length !== expected.length) return undefined;
  return timingSafeEqual(given, expected) ? rest : undefined;
}

function signState(state: Record<string, unknown>, key: string): string {
  return createHmac("sha256", key).update(JSON.stringify(state)).digest("hex");
}

/** The key for state markers, derived from a secret of the operator's. */
export function markerKeyOf(secret: string): string {
  return createHmac("sha256", secret)
    .update("approval-runner state marker")
    .digest("hex");
}

export function readStateMarker(
  body: string,
): Record<string, unknown> | undefined {
  const start = body.indexOf(stateStart);
  if (start < 0) return undefined;
  const end = body.indexOf(" -->", start);
  const data = body.slice(start + stateStart.length, end);
  try {
    return JSON.parse(Buffer.from(data, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The issue body without the app's status section. */
export function stripStatus(body: string): string {
  const start = body.indexOf(statusStart);
  if (start < 0) return body;
  const end = body.indexOf(statusEnd, start);
  const rest = end < 0 ? "" : body.slice(end + statusEnd.length);
  return (body.slice(0, start) + rest).trimEnd();
}

const codeStart = "<!-- approval-runner-code:";

/** A hidden line naming the error code a comment reports, for tools. */
export function codeMarker(code: string): string {
  return `${codeStart}${code} -->`;
}

/** The error codes a comment reports, in order. */
export function readCodes(body: string): string[] {
  const pattern = /<!-- approval-runner-code:([A-Z0-9_]+) -->/g;
  return [...body.matchAll(pattern)].map((m) => m[1]!);
}

/** A comment text with the error code it reports, hidden, for tools. */
export function withCode(text: string, code: string | undefined): string {
  return code ? `${text}\n\n${codeMarker(code)}` : text;
}
