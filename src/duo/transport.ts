import { stringify } from "node:querystring";
import { sign } from "@duosecurity/duo_api/lib/duo_sig.js";
import type { DuoConfig } from "../config/types.js";
import { fail, isAppError } from "../errors.js";

/** Duo's answers are small; anything bigger is not Duo talking. */
const MAX_BODY_BYTES = 256 * 1024;

export interface DuoRequest {
  method: "GET" | "POST";
  path: string;
  params: Record<string, string>;
}

/** A request ready for fetch: signed headers, URL and body. */
export interface PreparedRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

/** What came back, before anyone decides whether it is an answer. */
export interface RawReply {
  status: number;
  contentType: string;
  body: string;
  retryAfterMs?: number;
}

/** Where requests go: `baseUrl` if set, else Duo's API host over HTTPS. */
export function resolveBaseUrl(config: DuoConfig): string {
  const base = config.baseUrl || `https://${config.host}`;
  return base.replace(/\/+$/, "");
}

/**
 * Signs like the SDK's Client (v2): the Date header from toUTCString, the
 * HMAC-SHA512 over the canonical request for the configured API host, and
 * the same form-urlencoded body (or query string for GET).
 */
export function prepareRequest(
  config: DuoConfig,
  request: DuoRequest,
  now: Date,
): PreparedRequest {
  const { method, path, params } = request;
  const date = now.toUTCString();
  const headers: Record<string, string> = {
    Date: date,
    Authorization: sign(
      config.ikey,
      config.skey,
      method,
      config.host,
      path,
      params,
      date,
    ),
  };
  const encoded = stringify(params);
  const url = `${resolveBaseUrl(config)}${path}`;
  if (method === "GET") {
    return {
      url: encoded ? `${url}?${encoded}` : url,
      init: { method, headers },
    };
  }
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  return { url, init: { method, headers, body: encoded } };
}

/** Sends one request; a timeout or network failure throws AR_DUO_*. */
export async function exchange(
  prepared: PreparedRequest,
  endpoint: string,
  timeoutMs: number,
): Promise<RawReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // A redirect would resend signed parameters elsewhere; treat it as a reply.
    const init = { ...prepared.init, signal: controller.signal };
    const res = await fetch(prepared.url, { ...init, redirect: "manual" });
    return await readReply(res, endpoint);
  } catch (err) {
    if (isAppError(err)) throw err;
    if (controller.signal.aborted) {
      throw fail("AR_DUO_TIMEOUT", { endpoint, ms: timeoutMs });
    }
    const problem = `${describeNetworkError(err)} on ${endpoint}`;
    throw fail("AR_DUO_UNAVAILABLE", { problem }, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

async function readReply(res: Response, endpoint: string): Promise<RawReply> {
  const reply: RawReply = {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    body: await readBounded(res, endpoint),
  };
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
  if (retryAfterMs !== undefined) reply.retryAfterMs = retryAfterMs;
  return reply;
}

async function readBounded(res: Response, endpoint: string): Promise<string> {
  if (!res.body) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      const problem = `a body over ${MAX_BODY_BYTES} bytes`;
      throw fail("AR_DUO_BAD_REPLY", { endpoint, problem });
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

/** A short, secret-free description: the system error code if there is one. */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  for (const candidate of [cause, err]) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === "string") return `network error ${code}`;
  }
  // fetch's own causes ("bad port", "redirect") say what went wrong briefly.
  const text = cause instanceof Error ? cause.message.slice(0, 80) : "";
  return text ? `network error: ${text}` : "network error";
}
