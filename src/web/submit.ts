import type { IncomingMessage, ServerResponse } from "node:http";
import { announceOutcome, recordOutcome } from "../duo/record.js";
import type { DuoFactor } from "../duo/types.js";
import { duoUsernameFor } from "../duo/users.js";
import { confirmFactor, type FactorOutcome } from "../duo/verify.js";
import { expireOverdue, isOverdue } from "../engine/lifecycle.js";
import { type AppError, fail, isAppError } from "../errors.js";
import {
  checkFactorCsrf,
  claimFactorToken,
  type FactorToken,
  findFactorTokenByHash,
  maxFactorFailures,
  releaseFactorToken,
} from "../store/factor-tokens.js";
import { type FormFacts, factsFor, takes } from "./facts.js";
import type { FormContext } from "./handler.js";
import {
  ClientGone,
  clientAddress,
  csrfCookie,
  FormError,
  readCookie,
  readForm,
  send,
} from "./http.js";
import { refuse } from "./refuse.js";
import {
  allowedPage,
  deniedNotice,
  formPage,
  lockedPage,
  refusalNotice,
  refusalPage,
  unavailableNotice,
  type View,
} from "./views.js";

/** A form that passed every check before Duo: what to ask Duo for. */
interface Attempt {
  factor: DuoFactor;
  passcode?: string;
  csrf: string;
}

/**
 * Handles a POSTed form: body, link state, CSRF, then the factor with Duo,
 * then one transaction that records the outcome. The token decides who is
 * confirming; nothing in the form can name another person.
 */
export async function submitForm(
  context: FormContext,
  req: IncomingMessage,
  res: ServerResponse,
  token: FactorToken,
): Promise<void> {
  const { store } = context.runner.services;
  const form = await readBody(context, req);
  if (form instanceof ClientGone) {
    // Nothing was read, so nothing is recorded and nobody is answered.
    context.runner.services.log.info({ run: token.runId }, "client went away");
    return;
  }
  if (form instanceof FormError) {
    return send(res, refusalPage(form.status, form.error));
  }
  await expireIfLate(context, token);
  const facts = factsFor(store, token);
  const refusal = refuse(context, token, facts);
  if (refusal) return send(res, refusal);
  const csrf = form.get("csrf") ?? undefined;
  if (!checkFactorCsrf(token, csrf, readCookie(req, csrfCookie))) {
    return send(res, refusalPage(403, fail("AR_FORM_CSRF", {})));
  }
  const attempt = readAttempt(form, facts, csrf!);
  if (isAppError(attempt)) {
    const notice = refusalNotice(attempt);
    const view = { facts, token, csrf: csrf!, notice };
    return send(res, formPage(view, 400, { code: attempt.code }));
  }
  send(res, await decide(context, req, token, facts, attempt));
}

async function readBody(context: FormContext, req: IncomingMessage) {
  try {
    return await readForm(req, context.maxBodyBytes);
  } catch (err) {
    if (err instanceof FormError || err instanceof ClientGone) return err;
    throw err;
  }
}

/** The factor the person chose, checked against what the step takes. */
function readAttempt(
  form: URLSearchParams,
  facts: FormFacts,
  csrf: string,
): Attempt | AppError {
  const factor: DuoFactor = form.get("choice") === "push" ? "push" : "passcode";
  if (!takes(facts, factor)) {
    const allowed = facts.factor === "push" ? "a push" : "a passcode";
    return fail("AR_FORM_FACTOR_NOT_ALLOWED", { factor, allowed });
  }
  if (factor === "push") return { factor, csrf };
  const passcode = (form.get("passcode") ?? "").replace(/\s+/g, "");
  if (!/^[0-9]{6,10}$/.test(passcode)) {
    return fail("AR_FORM_PASSCODE_FORMAT", {});
  }
  return { factor, passcode, csrf };
}

/** Takes the link for one Duo call, asks Duo, and records the outcome. */
async function decide(
  context: FormContext,
  req: IncomingMessage,
  token: FactorToken,
  facts: FormFacts,
  attempt: Attempt,
): Promise<View> {
  const { store } = context.runner.services;
  if (!claimFactorToken(store, token.hash)) {
    const fresh = findFactorTokenByHash(store, token.hash) ?? token;
    return (
      refuse(context, fresh, facts) ??
      refusalPage(409, fail("AR_FORM_BUSY", {}))
    );
  }
  let outcome: FactorOutcome;
  try {
    outcome = await askDuo(context, req, token, facts, attempt);
  } catch (err) {
    releaseFactorToken(store, token.hash);
    return unavailable(context, token, facts, attempt, err);
  }
  const recorded = recordOutcome(context.runner, token, outcome);
  announceOutcome(context.runner, token, outcome, recorded);
  logOutcome(context, token, outcome);
  switch (recorded.kind) {
    case "closed":
      await expireIfLate(context, token);
      return closedPage(factsFor(store, token));
    case "allowed":
      return allowedPage(outcome, recorded.finished);
    case "denied": {
      if (recorded.dead) return lockedPage(outcome, recorded.failures);
      const left = maxFactorFailures - recorded.failures;
      const notice = deniedNotice(outcome, left);
      const view = { facts, token, csrf: attempt.csrf, notice };
      return formPage(view, 200, { outcome: "denied" });
    }
  }
}

/**
 * Expires the run, as the sweep would, when the step's inquiry is past
 * its deadline; the form then refuses the link like any closed one.
 */
export async function expireIfLate(
  context: FormContext,
  token: FactorToken,
): Promise<void> {
  const { runner } = context;
  const { store, log } = runner.services;
  const inquiry = store.inquiries.forStep(token.stepId);
  if (!inquiry || !isOverdue(inquiry, store.now())) return;
  await runner
    .enqueue(token.runId, async (thread) => {
      await expireOverdue(runner, thread, token.runId, store.now());
    })
    .catch((err: unknown) =>
      log.error({ err, runId: token.runId }, "late step not expired"),
    );
}

/** The step no longer waits: ended, expired, or finished by others. */
function closedPage(facts: FormFacts): View {
  const { run } = facts;
  return refusalPage(
    410,
    fail("AR_FORM_CLOSED", { run: run.id, status: run.status }),
  );
}

function askDuo(
  context: FormContext,
  req: IncomingMessage,
  token: FactorToken,
  facts: FormFacts,
  attempt: Attempt,
): Promise<FactorOutcome> {
  const { run, step } = facts;
  return confirmFactor(context.client!, {
    username: duoUsernameFor({ users: context.duoUsers }, token.login),
    factor: attempt.factor,
    ...(attempt.passcode ? { passcode: attempt.passcode } : {}),
    ipaddr: plainAddress(clientAddress(req)),
    pushinfo: {
      run: `${run.owner}/${run.repo}#${run.issueNumber} (run ${run.id})`,
      workflow: run.workflow,
      task: step.task,
    },
    now: () => new Date(context.runner.services.now()),
  });
}

/** Duo gave no answer: fail closed, count nothing, let them try again. */
function unavailable(
  context: FormContext,
  token: FactorToken,
  facts: FormFacts,
  attempt: Attempt,
  err: unknown,
): View {
  const { log } = context.runner.services;
  const known = isAppError(err) ? err : undefined;
  if (!known) log.error({ err, runId: token.runId }, "factor check crashed");
  const shown =
    known ?? fail("AR_DUO_UNAVAILABLE", { problem: "an internal error" });
  const notice = unavailableNotice(shown);
  const view = { facts, token, csrf: attempt.csrf, notice };
  return formPage(view, 503, { outcome: "unavailable", code: shown.code });
}

function logOutcome(
  context: FormContext,
  token: FactorToken,
  outcome: FactorOutcome,
): void {
  context.runner.services.log.info(
    {
      runId: token.runId,
      stepId: token.stepId,
      login: token.login,
      factor: outcome.factor,
      allowed: outcome.allowed,
      reason: outcome.reason,
    },
    "factor decided",
  );
}

/** An IPv4 address without the IPv6 mapping prefix, as Duo expects. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
