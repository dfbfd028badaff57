import type { IncomingMessage, ServerResponse } from "node:http";
import { fail } from "../errors.js";
import type { View } from "./views.js";

/**
 * Headers on every form page: nothing but inline styles may load, the page
 * cannot be framed, forms post only here, and since the token is in the
 * URL, no Referer carries it away and no cache keeps the page.
 */
export const securityHeaders: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  pragma: "no-cache",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
};

/** Sends a page with the security headers (and any extra ones). */
export function send(
  res: ServerResponse,
  view: View,
  extra: Record<string, string | string[]> = {},
): void {
  res.writeHead(view.status, {
    ...securityHeaders,
    "content-type": "text/html; charset=utf-8",
    ...extra,
  });
  res.end(view.body);
}

/** The name of the cookie that carries a form's CSRF value. */
export const csrfCookie = "duo_csrf";

/**
 * The CSRF cookie, scoped to one link's path: HttpOnly (no script reads
 * it), SameSite=Strict (no other site's form sends it), Secure on https.
 */
export function csrfSetCookie(path: string, value: string, secure: boolean) {
  const flags = ["HttpOnly", "SameSite=Strict", `Path=${path}`, "Max-Age=3600"];
  if (secure) flags.push("Secure");
  return `${csrfCookie}=${value}; ${flags.join("; ")}`;
}

/** One cookie's value from the request, if sent exactly once. */
export function readCookie(
  req: IncomingMessage,
  name: string,
): string | undefined {
  const found = (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Reads a urlencoded form of at most `limit` bytes. Anything else is
 * refused before a byte is parsed, with the status to answer.
 */
export async function readForm(
  req: IncomingMessage,
  limit: number,
): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
  if (type.toLowerCase() !== "application/x-www-form-urlencoded") {
    throw formError(
      415,
      "it must be sent as application/x-www-form-urlencoded",
    );
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw formError(413, `it is over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw formError(413, `it is over ${limit} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof FormError || !isClientGone(err, req)) throw err;
    throw new ClientGone({ cause: err });
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * The client hung up before its request was read: a person's dropped
 * connection, no fault of the app's; there is nobody left to answer.
 */
export class ClientGone extends Error {
  override readonly name = "ClientGone";
  constructor(options?: { cause?: unknown }) {
    super("the client went away", options);
  }
}

/** Whether `err` means the client closed the connection mid-request. */
export function isClientGone(err: unknown, req?: IncomingMessage): boolean {
  if (err instanceof ClientGone) return true;
  const { code, message } = (err ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  // Node ends a request body cut short with `aborted` (ECONNRESET).
  if (code === "ECONNRESET" || code === "ECONNABORTED") return true;
  return message === "aborted" || req?.destroyed === true;
}

/** A refused form body: the HTTP status, and an AppError to show. */
export class FormError extends Error {
  constructor(
    readonly status: number,
    readonly error: ReturnType<typeof fail>,
  ) {
    super(error.message);
  }
}

function formError(status: number, problem: string): FormError {
  return new FormError(status, fail("AR_FORM_BODY", { problem }));
}

/** The address a request came from, for rate limits and Duo. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
