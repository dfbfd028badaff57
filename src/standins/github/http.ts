import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Incoming } from "./pipeline.js";
import type { RouteResult } from "./routes/types.js";

const apiPrefix = "/api/v3";

/** Reads a request whole; `path` is what follows `/api/v3`. */
export async function readIncoming(
  req: IncomingMessage,
  webUrl: string,
): Promise<Incoming> {
  const url = new URL(req.url ?? "/", webUrl);
  const inside =
    url.pathname === apiPrefix || url.pathname.startsWith(`${apiPrefix}/`);
  return {
    method: (req.method ?? "GET").toUpperCase(),
    url,
    path: inside ? url.pathname.slice(apiPrefix.length) || "/" : undefined,
    text: await readBody(req),
    headers: req.headers,
  };
}

/** The raw request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body; undefined for an empty one. */
export function parseBody(
  text: string,
): { value: unknown } | { error: string } {
  if (text.trim() === "") return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `the body is not JSON (${(err as Error).message})` };
  }
}

/** Sends a result with the headers GitHub puts on every answer. */
export function sendResult(
  res: ServerResponse,
  result: RouteResult,
  done: () => void,
): void {
  const hasBody = result.body !== undefined;
  res.writeHead(result.status, {
    ...standardHeaders(),
    ...(hasBody ? { "content-type": "application/json; charset=utf-8" } : {}),
    ...result.headers,
  });
  res.end(hasBody ? JSON.stringify(result.body) : undefined, done);
}

function standardHeaders(): Record<string, string> {
  // Octokit's throttling plugin reads the rate-limit headers.
  const reset = Math.floor(Date.now() / 1000) + 3600;
  return {
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": randomUUID().toUpperCase(),
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-used": "1",
    "x-ratelimit-resource": "core",
  };
}
