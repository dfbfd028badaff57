import { createHash } from "node:crypto";
import { fail } from "../errors.js";
import type { Octokit } from "../github/octokit.js";
import type { InquiryRecord, RunRecord } from "../store/types.js";
import { describeApprovers, mayAnswer, type Person } from "./approvers.js";
import { checkAgainst } from "./json-schema.js";
import { route } from "./route.js";
import { type Runner, scopeOf, workflowOf } from "./runner.js";

export interface AnswerOptions {
  runner: Runner;
  octokit: Octokit;
  run: RunRecord;
  inquiry: InquiryRecord;
  person: Person;
  comment: { id: number; body: string };
  value: Record<string, unknown>;
  deliveryId: string;
}

type Verdict =
  | { kind: "refused"; message: string }
  | { kind: "duplicate" }
  | { kind: "again" }
  | { kind: "closed" }
  | { kind: "counted"; count: number }
  | { kind: "decided"; ends: "answered" | "denied" };

/**
 * Applies one answer to an open inquiry. Checks run first; then one
 * transaction records the delivery, the answer and, when it decides the
 * inquiry, the task's outcome, so concurrent answers decide it once.
 */
export async function applyAnswer(options: AnswerOptions): Promise<void> {
  const verdict = await judge(options);
  const { runner, run } = options;
  await runner.enqueue(run.id, async (thread) => {
    const text = describeVerdict(options, verdict);
    if (text) {
      await thread.comment(`answer-${options.comment.id}`, text);
    }
  });
  if (verdict.kind === "decided") void runner.kick(run.id);
}

async function judge(options: AnswerOptions): Promise<Verdict> {
  const { runner, run, inquiry, person, value } = options;
  const problems = checkAgainst(inquiry.spec.schema, value);
  if (problems.length > 0) {
    const message = fail("AR_REPLY_INVALID", {
      task: inquiry.task,
      problems: problems.map((p) => `- ${p}`).join("\n"),
    }).message;
    return { kind: "refused", message };
  }
  const allowed = await mayAnswer(
    {
      octokit: options.octokit,
      issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
      approvers: inquiry.spec.approvers,
      requesterId: run.requesterId,
    },
    person,
  );
  if (!allowed) {
    const message = fail("AR_REPLY_NOT_ALLOWED", {
      login: person.login,
      task: inquiry.task,
      allowed: describeApprovers(inquiry.spec.approvers, run.owner),
    }).message;
    return { kind: "refused", message };
  }
  return runner.services.store.transaction(() => record(options));
}

function record(options: AnswerOptions): Verdict {
  const { runner, run, person, comment, value } = options;
  const { store } = runner.services;
  if (!store.recordDelivery(options.deliveryId, "answer")) {
    return { kind: "duplicate" };
  }
  const inquiry = store.getInquiry(options.inquiry.id)!;
  if (inquiry.status !== "open") return { kind: "closed" };
  const added = store.addResponse({
    inquiryId: inquiry.id,
    userId: person.id,
    login: person.login,
    commentId: comment.id,
    bodyHash: sha256(comment.body),
    response: value,
    receipt: receiptOf(run, inquiry.task, value),
  });
  if (!added) return { kind: "again" };
  const responses = store.responses(inquiry.id);
  const result = {
    response: value,
    responses: responses.map((r) => ({ login: r.login, response: r.response })),
  };
  const denies = leadsNowhere(run, inquiry.task, result);
  if (!denies && responses.length < inquiry.approvals) {
    return { kind: "counted", count: responses.length };
  }
  const ends = denies ? "denied" : "answered";
  store.moveInquiry(inquiry.id, "open", ends);
  const step = store.getStep(inquiry.stepId)!;
  runner.finishStep(
    run.id,
    step,
    {
      status: "succeeded",
      result,
      actor: responses.map((r) => r.login).join(", "),
    },
    ["running", "paused"],
  );
  return { kind: "decided", ends };
}

/** Whether this answer routes nowhere, which ends the inquiry at once. */
function leadsNowhere(run: RunRecord, task: string, result: unknown): boolean {
  const workflow = workflowOf(run);
  try {
    const routing = route(
      workflow.tasks[task]!,
      { status: "succeeded", result },
      scopeOf(run),
    );
    return routing.end === "no-route";
  } catch {
    return true;
  }
}

/** Binds an answer to exactly what was approved. */
export function receiptOf(run: RunRecord, task: string, response: unknown) {
  return sha256(
    JSON.stringify({
      workflowSha: run.workflowSha,
      workflow: run.workflowSource,
      input: run.input,
      task,
      response,
    }),
  );
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function describeVerdict(options: AnswerOptions, verdict: Verdict) {
  const { person, inquiry } = options;
  switch (verdict.kind) {
    case "refused":
      return verdict.message;
    case "duplicate":
      return undefined;
    case "again":
      return `@${person.login} already answered \`${inquiry.task}\`; one person counts once, and the first answer stands.`;
    case "closed":
      return `@${person.login}: the inquiry \`${inquiry.task}\` is no longer open; this answer changes nothing.`;
    case "counted":
      return `Recorded @${person.login}'s answer to \`${inquiry.task}\` (${verdict.count} of ${inquiry.approvals}).`;
    case "decided":
      return verdict.ends === "denied"
        ? `@${person.login}'s answer to \`${inquiry.task}\` does not lead on; the run ends as denied.`
        : `Recorded @${person.login}'s answer; \`${inquiry.task}\` is approved (${inquiry.approvals} of ${inquiry.approvals}).`;
  }
}
