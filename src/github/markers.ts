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

/** A machine-readable copy of a run, so a thread can rebuild it. */
export function stateMarker(state: Record<string, unknown>): string {
  const data = Buffer.from(JSON.stringify(state)).toString("base64");
  return `${stateStart}${data} -->`;
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
