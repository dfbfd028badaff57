import { receiptOf, sha256 } from "../engine/answer.js";
import { isOverdue } from "../engine/lifecycle.js";
import type { Runner } from "../engine/runner.js";
import { code } from "../markdown.js";
import {
  type FactorToken,
  maxFactorFailures,
  spendFactorToken,
  strikeFactorToken,
} from "../store/factor-tokens.js";
import type { InquiryRecord, RunRecord } from "../store/types.js";
import { isoTime } from "./links.js";
import type { FactorOutcome } from "./verify.js";

/** One person's Duo outcome as the step's result lists it. */
export interface Confirmation {
  login: string;
  result: "allow" | "deny";
  factor: string;
  status_msg: string;
  at: string;
}

/** What recording an outcome did. */
export type Recorded =
  | { kind: "closed"; status: string }
  | { kind: "allowed"; finished: boolean; waiting: string[] }
  | { kind: "denied"; failures: number; dead: boolean };

/**
 * Records one Duo outcome in a single transaction: the link is spent or
 * struck, the confirmation is stored as a response of the factor inquiry,
 * and, with the last one, the step succeeds and the run is routed on.
 */
export function recordOutcome(
  runner: Runner,
  token: FactorToken,
  outcome: FactorOutcome,
): Recorded {
  const { store } = runner.services;
  return store.transaction(() => {
    const run = store.runs.get(token.runId)!;
    const inquiry = store.inquiries.forStep(token.stepId);
    // Past the deadline the inquiry is as good as expired (the sweep, or
    // the form, expires it): a confirmation then counts for nothing.
    if (inquiry?.status !== "open" || isOverdue(inquiry, store.now())) {
      spendFactorToken(store, token.hash);
      return { kind: "closed", status: run.status };
    }
    const confirmation = confirmationOf(token, outcome);
    store.events.add(run.id, "factor", {
      stepId: token.stepId,
      ...confirmation,
    });
    if (!outcome.allowed) {
      return { kind: "denied", ...strikeFactorToken(store, token.hash) };
    }
    spendFactorToken(store, token.hash);
    return allow(runner, run, inquiry, token, confirmation);
  });
}

function allow(
  runner: Runner,
  run: RunRecord,
  inquiry: InquiryRecord,
  token: FactorToken,
  confirmation: Confirmation,
): Recorded {
  const { store } = runner.services;
  const response = { ...confirmation };
  store.responses.add({
    inquiryId: inquiry.id,
    userId: token.userId,
    login: token.login,
    commentId: 0,
    bodyHash: sha256(JSON.stringify(response)),
    response,
    receipt: receiptOf(run, inquiry.task, response),
  });
  const confirmed = store.responses.ofInquiry(inquiry.id);
  const done = new Set(confirmed.map((r) => r.userId));
  const waiting = (inquiry.spec.confirmers ?? [])
    .filter((c) => !done.has(c.id))
    .map((c) => c.login);
  if (waiting.length > 0) return { kind: "allowed", finished: false, waiting };
  store.inquiries.move(inquiry.id, "open", "answered");
  const result = {
    factor: inquiry.spec.factor ?? confirmation.factor,
    confirmations: confirmed.map((r) => r.response),
  };
  runner.finishStep(
    run.id,
    store.steps.get(inquiry.stepId)!,
    {
      status: "succeeded",
      result,
      actor: confirmed.map((r) => r.login).join(", "),
    },
    ["running", "paused"],
  );
  return { kind: "allowed", finished: true, waiting: [] };
}

function confirmationOf(
  token: FactorToken,
  outcome: FactorOutcome,
): Confirmation {
  return {
    login: token.login,
    result: outcome.allowed ? "allow" : "deny",
    factor: outcome.factor,
    status_msg: outcome.statusMsg,
    at: outcome.at,
  };
}

/**
 * Tells the issue what happened (never the passcode), and drives the run
 * on when the step finished. Resolves once the comment is queued.
 */
export function announceOutcome(
  runner: Runner,
  token: FactorToken,
  outcome: FactorOutcome,
  recorded: Recorded,
): void {
  const text = describeOutcome(token, outcome, recorded);
  const attempt = recorded.kind === "denied" ? recorded.failures : "ok";
  const key = `step-${token.stepId}/duo-${token.hash.slice(0, 16)}-${attempt}`;
  const log = runner.services.log;
  if (text) {
    runner
      .enqueue(token.runId, async (thread) => {
        await thread.comment(key, text);
      })
      .catch((err: unknown) => log.error({ err }, "factor comment failed"));
  }
  if (recorded.kind === "allowed" && recorded.finished) {
    void runner.kick(token.runId);
  }
}

function describeOutcome(
  token: FactorToken,
  outcome: FactorOutcome,
  recorded: Recorded,
): string | undefined {
  if (recorded.kind === "closed") return undefined;
  const said = outcome.statusMsg ? ` Duo said: ${code(outcome.statusMsg)}` : "";
  const verdict = outcome.allowed ? "allowed" : "denied";
  const head = `Duo **${verdict}** @${token.login}'s ${outcome.factor} at ${isoTime(Date.parse(outcome.at))}.${said}`;
  if (recorded.kind === "allowed") {
    return recorded.finished
      ? `${head}\n\nEvery confirmation is in; the run goes on.`
      : `${head}\n\nStill waiting for: ${recorded.waiting.map((l) => `@${l}`).join(", ")}.`;
  }
  if (recorded.dead) {
    return `${head}\n\nThat was refusal ${recorded.failures} of ${maxFactorFailures}, so this link no longer works. @${token.login} can comment \`/duo\` for a new one.`;
  }
  const left = maxFactorFailures - recorded.failures;
  return `${head}\n\n@${token.login} may try again with the same link (${left} ${left === 1 ? "try" : "tries"} left).`;
}
