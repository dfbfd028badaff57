import { type AppError, fail } from "../errors.js";
import type { RawReply } from "./transport.js";

/** Removes what must never reach a message (passcode, skey) from Duo text. */
export type Scrub = (text: string) => string;

/** Makes a Scrub for these secrets; very short ones would mangle text. */
export function scrubber(secrets: Array<string | undefined>): Scrub {
  const found = secrets.filter((s): s is string => !!s && s.length >= 4);
  return (text) =>
    found.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/** Text from Duo made safe to show: one line, bounded, scrubbed. */
export function cleanText(value: unknown, scrub: Scrub): string | undefined {
  if (typeof value !== "string") return undefined;
  const line = value.replace(/\p{Cc}+/gu, " ").trim();
  return scrub(line.slice(0, 300));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Turns a raw reply into Duo's `response` object, or throws: 5xx is Duo
 * being down, a body that is not Duo's JSON is unreadable, `stat: FAIL` is
 * Duo refusing the request.
 */
export function readResponse(
  endpoint: string,
  reply: RawReply,
  scrub: Scrub,
): Record<string, unknown> {
  if (reply.status >= 500) {
    const problem = `HTTP ${reply.status} on ${endpoint}`;
    throw fail("AR_DUO_UNAVAILABLE", { problem });
  }
  const body = parseBody(endpoint, reply);
  if (body["stat"] === "FAIL")
    throw refusal(endpoint, reply.status, body, scrub);
  if (body["stat"] !== "OK" || reply.status !== 200) {
    const problem = `HTTP ${reply.status} with stat ${describeStat(body)}`;
    throw fail("AR_DUO_BAD_REPLY", { endpoint, problem });
  }
  if (!isRecord(body["response"])) {
    throw badShape(endpoint, "no `response` object");
  }
  return body["response"];
}

export function badShape(endpoint: string, what: string): AppError {
  return fail("AR_DUO_BAD_REPLY", { endpoint, problem: `stat OK but ${what}` });
}

function parseBody(endpoint: string, reply: RawReply): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    body = undefined;
  }
  if (isRecord(body)) return body;
  const type = reply.contentType.split(";")[0]?.trim() || "no content type";
  const problem = `HTTP ${reply.status}, ${type}, not Duo's JSON`;
  throw fail("AR_DUO_BAD_REPLY", { endpoint, problem });
}

function describeStat(body: Record<string, unknown>): string {
  const stat = body["stat"];
  return typeof stat === "string"
    ? JSON.stringify(stat.slice(0, 20))
    : "missing";
}

function refusal(
  endpoint: string,
  status: number,
  body: Record<string, unknown>,
  scrub: Scrub,
): AppError {
  const message = cleanText(body["message"], scrub) || "no message";
  const code = readCode(body["code"]);
  return fail("AR_DUO_REQUEST_REFUSED", {
    endpoint,
    status,
    code,
    message,
    hint: hintFor(status),
  });
}

/** Duo's `code` should be a number; some replies carry a string or none. */
export function readCode(value: unknown): string {
  if (typeof value === "number" && Number.isInteger(value)) return `${value}`;
  if (typeof value === "string" && /^\d{1,9}$/.test(value)) return value;
  return "unknown";
}

function hintFor(status: number): string {
  if (status === 401) {
    return "The operator should check the Duo integration key, secret key, API hostname and this server's clock.";
  }
  return "Try again; if it keeps happening, tell the operator.";
}
