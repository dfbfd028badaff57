import type { KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import {
  type AuthFailure,
  checkAppJwt,
  credentialOf,
  needsAppJwt,
} from "./auth.js";
import type { FailRule, Faults } from "./faults.js";
import { parseBody } from "./http.js";
import { type MatchedOperation, matchOperation } from "./operations.js";
import { errorAnswer } from "./routes/answers.js";
import { routes } from "./routes/index.js";
import type { RouteContext, RouteResult } from "./routes/types.js";
import { checkRequest, checkResponse } from "./validate.js";

/** A request the spec does not allow, or the stand-in could not serve. */
export interface Violation {
  readonly method: string;
  readonly path: string;
  readonly operationId?: string;
  readonly problem: string;
}

/** Everything the request pipeline works with. */
export interface Pipeline {
  readonly ctx: RouteContext;
  readonly faults: Faults;
  readonly violations: Violation[];
  readonly appId: number;
  readonly publicKey: KeyObject;
  readonly logger: Logger;
}

/** One request, read but not yet answered. */
export interface Incoming {
  readonly method: string;
  readonly url: URL;
  /** The path below `/api/v3`; undefined when outside it. */
  readonly path: string | undefined;
  readonly text: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Answer {
  readonly op: MatchedOperation | undefined;
  readonly actor: string | undefined;
  readonly result: RouteResult;
}

/** Validates, authenticates, acts and validates the answer, in order. */
export async function answer(p: Pipeline, r: Incoming): Promise<Answer> {
  const op =
    r.path === undefined ? undefined : matchOperation(r.method, r.path);
  if (!op) {
    const problem = `no operation in GitHub's description is ${r.method} ${r.url.pathname}`;
    return { op, actor: undefined, result: violation(p, r, op, problem, 404) };
  }
  const parsed = parseBody(r.text);
  const problems =
    "error" in parsed
      ? [parsed.error]
      : checkRequest(op, { query: r.url.searchParams, body: parsed.value });
  if (problems.length > 0 || "error" in parsed) {
    const result = violation(p, r, op, problems.join("; "));
    return { op, actor: undefined, result };
  }
  const who = authenticate(p, op, r.headers.authorization);
  if ("failure" in who) {
    const result = errorAnswer(401, who.failure.message, op);
    return { op, actor: undefined, result };
  }
  const result = await act(p, r, op, { ...who, body: parsed.value });
  return { op, actor: who.actor, result };
}

interface Who {
  actor: string;
  installationId: number | undefined;
}

function authenticate(
  p: Pipeline,
  op: MatchedOperation,
  header: string | undefined,
): Who | { failure: AuthFailure } {
  const credential = credentialOf(header);
  const bot = p.ctx.site.model.bot;
  if (needsAppJwt(op.template)) {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const { appId, publicKey } = p;
    const failure = checkAppJwt(credential, { appId, publicKey, nowSeconds });
    return failure ? { failure } : { actor: bot, installationId: undefined };
  }
  const installationId = p.ctx.tokens.installationOf(credential, Date.now());
  if (installationId !== undefined) return { actor: bot, installationId };
  const person = p.ctx.tokens.personOf(credential);
  if (person !== undefined) return { actor: person, installationId };
  const message = credential ? "Bad credentials" : "Requires authentication";
  return { failure: { message } };
}

async function act(
  p: Pipeline,
  r: Incoming,
  op: MatchedOperation,
  who: Who & { body: unknown },
): Promise<RouteResult> {
  const path = r.path ?? "";
  const failure = p.faults.takeFailure(r.method, path);
  const delay = p.faults.takeDelay(r.method, path);
  if (failure && !failure.afterActing) return injected(failure, op);
  if (delay && !delay.afterActing) await sleep(delay.ms);
  let result = serve(p, r, op, who);
  if (failure)
    result = { ...injected(failure, op), events: result.events ?? [] };
  if (delay?.afterActing) await sleep(delay.ms);
  return result;
}

function serve(
  p: Pipeline,
  r: Incoming,
  op: MatchedOperation,
  who: Who & { body: unknown },
): RouteResult {
  const handler = routes[op.operationId];
  if (!handler) {
    const problem = "the stand-in does not serve this operation yet";
    return violation(p, r, op, problem, 501);
  }
  let result: RouteResult;
  try {
    const { params } = op;
    const query = r.url.searchParams;
    result = handler(p.ctx, { op, params, query, ...who, url: r.url });
  } catch (err) {
    return violation(p, r, op, `the stand-in failed: ${String(err)}`);
  }
  const problems = checkResponse(op, result.status, result.body);
  if (problems.length === 0) return result;
  const events = result.events ?? [];
  return { ...violation(p, r, op, `response ${problems.join("; ")}`), events };
}

function injected(rule: FailRule, op: MatchedOperation): RouteResult {
  const message = `stand-in: injected ${rule.status}`;
  return errorAnswer(rule.status, message, op);
}

/** Records a violation, tells stderr, and answers loudly. */
function violation(
  p: Pipeline,
  r: Incoming,
  op: MatchedOperation | undefined,
  problem: string,
  status = 500,
): RouteResult {
  const path = r.path ?? r.url.pathname;
  const found: Violation = {
    method: r.method,
    path,
    ...(op ? { operationId: op.operationId } : {}),
    problem,
  };
  p.violations.push(found);
  p.logger.error(found, "openapi violation");
  const message = `stand-in: OpenAPI violation: ${r.method} ${path}: ${problem}`;
  return errorAnswer(status, message, op);
}
