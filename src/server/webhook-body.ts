import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The largest body the app takes. GitHub caps webhook payloads at 25 MB
 * and drops larger ones itself, so a bigger body is no delivery of
 * GitHub's; Probot's middleware would buffer any size before checking
 * the signature.
 */
export const maxWebhookBytes = 25 * 1024 * 1024;

/** How reading a body ended. */
export type BodyRead =
  | { kind: "read"; body: Buffer }
  | { kind: "too-large" }
  | { kind: "gone" };

/** Whether the request declares a body larger than `limit` bytes. */
export function declaresTooMuch(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Reads a request's body, counting bytes as they stream (chunked bodies
 * declare no length), and stops at `limit`: the rest is never buffered.
 */
export function readBounded(
  req: IncomingMessage,
  limit: number,
): Promise<BodyRead> {
  if (declaresTooMuch(req, limit)) {
    return Promise.resolve({ kind: "too-large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (read: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.pause();
      finish({ kind: "too-large" });
    };
    const onEnd = () => finish({ kind: "read", body: Buffer.concat(chunks) });
    const onClose = () => finish({ kind: "gone" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    // A reset connection also emits "close", which ends the read.
    req.on("error", () => undefined);
  });
}

/** Answers 413 and hangs up, so the rest of the body is never read. */
export function refuseTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): void {
  const error = `Payload too large: more than ${limit} bytes`;
  res.writeHead(413, {
    "content-type": "application/json",
    connection: "close",
  });
  res.end(`${JSON.stringify({ error })}\n`, () => req.destroy());
}

/**
 * Whether Probot's webhook middleware takes this request: a POST to its
 * path, compared as @octokit/webhooks compares it (trailing slashes of
 * the whole URL dropped, then the path name).
 */
export function isWebhookPost(req: IncomingMessage, path: string): boolean {
  if (req.method !== "POST") return false;
  try {
    const url = new URL(trimSlashes(req.url ?? ""), "http://localhost");
    return url.pathname === trimSlashes(path);
  } catch {
    return false;
  }
}

/** Drops trailing slashes (a loop: a regex would backtrack on many). */
function trimSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return end === 0 ? "/" : text.slice(0, end);
}
