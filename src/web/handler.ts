import type { IncomingMessage, ServerResponse } from "node:http";
import type { DuoClient } from "../duo/types.js";
import type { Runner } from "../engine/runner.js";
import { fail } from "../errors.js";
import type { HttpHandler } from "../server/runtime.js";
import {
  type FactorToken,
  findFactorToken,
  renewFactorCsrf,
} from "../store/factor-tokens.js";
import { factsFor } from "./facts.js";
import { clientAddress, csrfSetCookie, send } from "./http.js";
import { RateLimiter } from "./rate-limit.js";
import { refuse } from "./refuse.js";
import { expireIfLate, submitForm } from "./submit.js";
import { formPage, refusalPage } from "./views.js";

export interface FormHandlerOptions {
  runner: Runner;
  /** Duo's Auth API; undefined when the operator configured no Duo. */
  client: DuoClient | undefined;
  /** GitHub login (lower case) to Duo username, from the operator. */
  duoUsers: Record<string, string>;
  /** POSTs per minute per address (default 10). */
  postsPerMinute?: number;
  /** GETs per minute per address (default 60). */
  getsPerMinute?: number;
  /** Largest form body in bytes (default 4096). */
  maxBodyBytes?: number;
}

/** Everything one request needs, fixed when the handler is made. */
export interface FormContext extends FormHandlerOptions {
  limits: { GET: RateLimiter; POST: RateLimiter };
  maxBodyBytes: number;
  secure: boolean;
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** Serves `GET` and `POST /duo/<token>`: the Duo form; false elsewhere. */
export function createFormHandler(options: FormHandlerOptions): HttpHandler {
  const context: FormContext = {
    ...options,
    limits: {
      GET: new RateLimiter({ perMinute: options.getsPerMinute ?? 60 }),
      POST: new RateLimiter({ perMinute: options.postsPerMinute ?? 10 }),
    },
    maxBodyBytes: options.maxBodyBytes ?? 4096,
    secure: options.runner.services.config.publicUrl.startsWith("https:"),
  };
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://form").pathname;
    const match = /^\/duo\/([^/]*)$/.exec(path);
    if (!match) return false;
    await serve(context, req, res, match[1]!);
    return true;
  };
}

async function serve(
  context: FormContext,
  req: IncomingMessage,
  res: ServerResponse,
  secret: string,
): Promise<void> {
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "POST") {
    const err = fail("AR_FORM_BODY", { problem: `${method} is not allowed` });
    return send(res, refusalPage(405, err), { allow: "GET, POST" });
  }
  const wait = context.limits[method].take(clientAddress(req));
  if (wait > 0) {
    const err = fail("AR_FORM_RATE_LIMITED", { seconds: wait });
    return send(res, refusalPage(429, err), { "retry-after": String(wait) });
  }
  const { store } = context.runner.services;
  const token = tokenPattern.test(secret)
    ? findFactorToken(store, secret)
    : undefined;
  if (!token) return send(res, refusalPage(404, fail("AR_FORM_NOT_FOUND", {})));
  if (method === "POST") return submitForm(context, req, res, token);
  return showForm(context, res, token, secret);
}

async function showForm(
  context: FormContext,
  res: ServerResponse,
  token: FactorToken,
  secret: string,
): Promise<void> {
  const { store } = context.runner.services;
  await expireIfLate(context, token);
  const facts = factsFor(store, token);
  const refusal = refuse(context, token, facts);
  if (refusal) {
    send(res, refusal);
    return;
  }
  const csrf = renewFactorCsrf(store, token.hash);
  const cookie = csrfSetCookie(linkPath(context, secret), csrf, context.secure);
  send(res, formPage({ facts, token, csrf }), { "set-cookie": cookie });
}

/**
 * The cookie's path is the link's own path as the browser sees it (under
 * the public URL), so two open links never overwrite each other's value.
 */
function linkPath(context: FormContext, secret: string): string {
  let base = "";
  try {
    base = new URL(context.runner.services.config.publicUrl).pathname;
  } catch {
    base = "";
  }
  return `${base.replace(/\/+$/, "")}/duo/${secret}`;
}
