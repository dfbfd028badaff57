import type { Logger } from "pino";
import type { DuoConfig } from "../config/types.js";
import { fail, isAppError } from "../errors.js";
import { readAuth, readCheck, readPreauth } from "./answers.js";
import { readResponse, type Scrub, scrubber } from "./reply.js";
import {
  type DuoRequest,
  exchange,
  prepareRequest,
  resolveBaseUrl,
} from "./transport.js";
import type {
  AuthAnswer,
  AuthRequest,
  DuoClient,
  PreauthAnswer,
} from "./types.js";

export interface DuoClientOptions {
  /** Gets a debug line per call and a warn line per failure; no secrets. */
  log?: Logger;
  /** The clock that dates and signs requests (tests set a stale one). */
  now?: () => Date;
  /**
   * How long a push may wait for the person: a synchronous push blocks until
   * they answer or Duo gives up (about 60 s), so `timeoutMs` is too short.
   * Default: the larger of `timeoutMs` and 75 s.
   */
  pushTimeoutMs?: number;
  /** The longest wait before the single retry after a 429 (default 2 s). */
  maxRetryWaitMs?: number;
}

/** Everything one call needs, fixed when the client is made. */
interface Caller {
  config: DuoConfig;
  log: Logger | undefined;
  now: () => Date;
  maxRetryWaitMs: number;
}

interface Call extends DuoRequest {
  timeoutMs: number;
  scrub: Scrub;
}

const PUSH_TIMEOUT_FLOOR_MS = 75_000;
/** Duo's documented limit for `pushinfo`. */
const PUSHINFO_MAX_BYTES = 20_000;

/**
 * A client for Duo's Auth API that signs like the SDK but sends with fetch,
 * so it can reach a stand-in, time out, and fail closed on any odd answer.
 */
export function createDuoClient(
  config: DuoConfig,
  options: DuoClientOptions = {},
): DuoClient {
  assertSafeBaseUrl(config);
  const caller: Caller = {
    config,
    log: options.log,
    now: options.now ?? (() => new Date()),
    maxRetryWaitMs: options.maxRetryWaitMs ?? 2000,
  };
  const pushTimeoutMs =
    options.pushTimeoutMs ?? Math.max(config.timeoutMs, PUSH_TIMEOUT_FLOOR_MS);
  return {
    preauth: (username, extra) => preauth(caller, username, extra?.ipaddr),
    auth: (request) => auth(caller, request, pushTimeoutMs),
    check: () => check(caller),
  };
}

/** Signed requests carry passcodes: plain HTTP only to this machine. */
function assertSafeBaseUrl(config: DuoConfig): void {
  let url: URL;
  try {
    url = new URL(resolveBaseUrl(config));
  } catch {
    const problem = "it is not a URL";
    throw fail("AR_CONFIG_INVALID", { path: "duo.baseUrl", problem });
  }
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) {
    return;
  }
  const problem = "it must be https://, or http:// on 127.0.0.1 or ::1";
  throw fail("AR_CONFIG_INVALID", { path: "duo.baseUrl", problem });
}

async function preauth(
  caller: Caller,
  username: string,
  ipaddr: string | undefined,
): Promise<PreauthAnswer> {
  const params: Record<string, string> = { username };
  if (ipaddr) params["ipaddr"] = ipaddr;
  const path = "/auth/v2/preauth";
  const scrub = scrubber([caller.config.skey]);
  const timeoutMs = caller.config.timeoutMs;
  const response = await call(caller, {
    method: "POST",
    path,
    params,
    timeoutMs,
    scrub,
  });
  return readPreauth(path, response, scrub);
}

async function auth(
  caller: Caller,
  request: AuthRequest,
  pushTimeoutMs: number,
): Promise<AuthAnswer> {
  const path = "/auth/v2/auth";
  const scrub = scrubber([caller.config.skey, request.passcode]);
  const timeoutMs =
    request.factor === "push" ? pushTimeoutMs : caller.config.timeoutMs;
  const params = authParams(request);
  const response = await call(caller, {
    method: "POST",
    path,
    params,
    timeoutMs,
    scrub,
  });
  return readAuth(path, response, scrub);
}

async function check(caller: Caller): Promise<void> {
  const path = "/auth/v2/check";
  const scrub = scrubber([caller.config.skey]);
  const timeoutMs = caller.config.timeoutMs;
  const response = await call(caller, {
    method: "GET",
    path,
    params: {},
    timeoutMs,
    scrub,
  });
  readCheck(path, response);
}

function authParams(request: AuthRequest): Record<string, string> {
  const { username, factor, passcode, ipaddr, pushinfo } = request;
  const params: Record<string, string> = { username, factor };
  if (factor === "passcode") {
    // A programming error, not a person's: the form must ask for one.
    if (!passcode) throw new TypeError("a passcode factor needs a passcode");
    params["passcode"] = passcode;
  } else {
    params["device"] = "auto";
    if (pushinfo) params["pushinfo"] = encodePushinfo(pushinfo);
  }
  if (ipaddr) params["ipaddr"] = ipaddr;
  return params;
}

/** Duo takes pushinfo as one URL-encoded `key=value&…` string. */
function encodePushinfo(pushinfo: Record<string, string>): string {
  const encoded = Object.entries(pushinfo)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  if (Buffer.byteLength(encoded) >= PUSHINFO_MAX_BYTES) {
    throw new RangeError(
      `pushinfo must stay under ${PUSHINFO_MAX_BYTES} bytes`,
    );
  }
  return encoded;
}

/** One Duo call: at most one retry, and only after a 429. */
async function call(
  caller: Caller,
  request: Call,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  try {
    let reply = await send(caller, request);
    if (reply.status === 429) {
      await sleep(Math.min(reply.retryAfterMs ?? 1000, caller.maxRetryWaitMs));
      reply = await send(caller, request);
      if (reply.status === 429) {
        throw fail("AR_DUO_RATE_LIMITED", { endpoint: request.path });
      }
    }
    const response = readResponse(request.path, reply, request.scrub);
    const ms = Date.now() - started;
    caller.log?.debug({ endpoint: request.path, ms }, "duo answered");
    return response;
  } catch (err) {
    const code = isAppError(err) ? err.code : "unexpected";
    // A refused request means our credentials or code are wrong: our fault.
    const level = code === "AR_DUO_REQUEST_REFUSED" ? "error" : "warn";
    caller.log?.[level]({ endpoint: request.path, code }, "duo call failed");
    throw err;
  }
}

/** Signs afresh for each attempt, so a retry carries a current Date. */
function send(caller: Caller, request: Call) {
  const prepared = prepareRequest(caller.config, request, caller.now());
  return exchange(prepared, request.path, request.timeoutMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
