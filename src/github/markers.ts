import { createHmac, timingSafeEqual } from "node:crypto";

/** Hidden markers the app writes into comments and issue bodies. */
const prefix = "<!-- approval-runner:";

/**
 * Marks a comment as the app's own, with a key that makes it unique. The
 * app appends it as the comment's last line, and reads it only there.
 */
export function commentMarker(key: string): string {
  return `${prefix}${key} -->`;
}

const keyLine = /^<!-- approval-runner:([^\s>]+) -->$/;

/**
 * The key of a comment's marker, only when the marker is the comment's
 * last line, where the app puts it: one quoted inside the text, in a code
 * span or mid-line, is never taken.
 */
export function readCommentKey(body: string): string | undefined {
  return keyLine.exec(trailerOf(body).at(-1) ?? "")?.[1];
}

export function hasMarker(body: string, key: string): boolean {
  return readCommentKey(body) === key;
}

/**
 * The hidden lines at the end of a comment, where the app writes its
 * markers (an error code, then the key): each a line of its own.
 */
function trailerOf(body: string): string[] {
  const lines = body.trimEnd().split(/\r?\n/);
  let first = lines.length;
  while (first > 0) {
    const line = lines[first - 1]!;
    if (line !== "" && !/^<!-- approval-runner[:-]/.test(line)) break;
    first--;
  }
  return lines.slice(first).filter((l) => l !== "");
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

/**
 * The state in a body's marker, unchecked: the last marker line, since
 * the app appends its status section after the request as written.
 */
export function readStateMarker(
  body: string,
): Record<string, unknown> | undefined {
  const line = body
    .split(/\r?\n/)
    .findLast((l) => l.startsWith(stateStart) && l.endsWith(" -->"));
  if (!line) return undefined;
  const data = line.slice(stateStart.length, -" -->".length);
  try {
    return JSON.parse(Buffer.from(data, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Whether a body holds the app's status section, on lines of its own. */
export function hasStatus(body: string): boolean {
  return lastLineAt(body, statusStart) >= 0;
}

/** The issue body without the app's status section (the last one). */
export function stripStatus(body: string): string {
  const start = lastLineAt(body, statusStart);
  if (start < 0) return body;
  const end = body.indexOf(statusEnd, start);
  const rest = end < 0 ? "" : body.slice(end + statusEnd.length);
  return (body.slice(0, start) + rest).trimEnd();
}

/** Where `line` last stands as a whole line of `body`; -1 when nowhere. */
function lastLineAt(body: string, line: string): number {
  let at = body.lastIndexOf(line);
  while (at >= 0) {
    const after = body[at + line.length];
    const ends = after === undefined || after === "\n" || after === "\r";
    if (ends && (at === 0 || body[at - 1] === "\n")) return at;
    at = at === 0 ? -1 : body.lastIndexOf(line, at - 1);
  }
  return -1;
}

const codeStart = "<!-- approval-runner-code:";

/** A hidden line naming the error code a comment reports, for tools. */
export function codeMarker(code: string): string {
  return `${codeStart}${code} -->`;
}

/**
 * The error codes a comment reports, in order: read from the marker
 * lines the app appends, never from the text above them.
 */
export function readCodes(body: string): string[] {
  const pattern = /^<!-- approval-runner-code:([A-Z0-9_]+) -->$/;
  return trailerOf(body).flatMap((l) => pattern.exec(l)?.[1] ?? []);
}

/** A comment text with the error code it reports, hidden, for tools. */
export function withCode(text: string, code: string | undefined): string {
  return code ? `${text}\n\n${codeMarker(code)}` : text;
}

/**
 * The app's status section of an issue body, from its start line to its
 * end line: the last one on lines of its own, as `stripStatus` finds it.
 */
export function readStatusSection(body: string): string | undefined {
  const start = lastLineAt(body, statusStart);
  const end = start < 0 ? -1 : body.indexOf(statusEnd, start);
  return end < 0 ? undefined : body.slice(start, end);
}

/**
 * A comment's text without the marker lines at its end; a marker-looking
 * text anywhere above them is the comment's text and stays.
 */
export function readCommentText(body: string): string {
  let text = body.trimEnd();
  for (const line of trailerOf(body).reverse()) {
    text = text.slice(0, text.length - line.trimEnd().length).trimEnd();
  }
  return text.trim();
}
