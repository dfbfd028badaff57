import { createHash } from "node:crypto";
import { type AppError, fail } from "../errors.js";
import type { Octokit } from "../github/octokit.js";
import type { InquiryRecord, RunRecord } from "../store/types.js";
import { describeApprovers, mayAnswer, type Person } from "./approvers.js";
import { checkAgainst } from "./json-schema.js";
import { nulProblems } from "./request.js";
import { route } from "./route.js";
import { markDirty, type Runner, scopeOf, workflowOf } from "./runner.js";

/** One answer to an inquiry, as the inbox hands it over. */
export interface Answer {
  run: RunRecord;
  inquiry: InquiryRecord;
  person: Person;
  commentId: number;
  /** sha256 of the comment's body as it was when it arrived. */
  bodyHash: string;
  value: Record<string, unknown>;
}

/** What recording an answer did. */
export type Verdict =
  | { kind: "closed" }
  | { kind: "again" }
  | { kind: "counted"; count: number; receipt: string }
  | { kind: "decided"; ends: Ends; receipt: string };

/** How an answer decided its inquiry; `broken`: its `next` failed. */
type Ends = "answered" | "denied" | "split" | "broken";

/**
 * The checks that need GitHub or the schema, made before anything is
 * stored: the reply must match the inquiry's schema and its author must
 * be allowed to answer. Returns the refusal, if any.
 */
export async function judgeAnswer(
  answer: Answer,
  octokit: Octokit,
): Promise<AppError | undefined> {
  const { run, inquiry, person, value } = answer;
  const nul = nulProblems(value);
  if (nul.length > 0) {
    return fail("AR_REPLY_VALUE_NUL", {
      task: inquiry.task,
      problems: nul.map((p) => `- ${p}`).join("\n"),
    });
  }
  const problems = checkAgainst(inquiry.spec.schema, value);
  if (problems.length > 0) {
    return fail("AR_REPLY_INVALID", {
      task: inquiry.task,
      problems: problems.map((p) => `- ${p}`).join("\n"),
    });
  }
  const allowed = await mayAnswer(
    {
      octokit,
      issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
      approvers: inquiry.spec.approvers,
      requesterId: run.requesterId,
    },
    person,
  );
  if (allowed) return undefined;
  return fail("AR_REPLY_NOT_ALLOWED", {
    login: person.login,
    task: inquiry.task,
    allowed: describeApprovers(inquiry.spec.approvers, run.owner),
  });
}

/**
 * Records an allowed answer; call inside a transaction. One person counts
 * once. The inquiry is decided when `approvals` people agree (their
 * answers lead to the same tasks), at once when an answer leads nowhere
 * (a denial), and at once, with no route taken, when answers disagree.
 */
export function recordAnswer(runner: Runner, answer: Answer): Verdict {
  const { store } = runner.services;
  const { run, value } = answer;
  const inquiry = store.inquiries.get(answer.inquiry.id)!;
  if (inquiry.status !== "open") return { kind: "closed" };
  const receipt = receiptOf(run, inquiry.task, value);
  if (!storeAnswer(runner, answer, receipt)) return { kind: "again" };
  const responses = store.responses.ofInquiry(inquiry.id);
  const mine = directionOf(run, inquiry.task, value);
  const split = responses.some(
    (r) => directionOf(run, inquiry.task, r.response) !== mine,
  );
  const leads = mine !== nowhere && mine !== broken;
  if (leads && !split && responses.length < inquiry.approvals) {
    markDirty(runner.services, run.id);
    return { kind: "counted", count: responses.length, receipt };
  }
  const ends: Ends =
    mine === broken
      ? "broken"
      : mine === nowhere
        ? "denied"
        : split
          ? "split"
          : "answered";
  decide(runner, { run, inquiry, value, ends });
  return { kind: "decided", ends, receipt };
}

/** Stores the answer and its event; false when this person answered. */
function storeAnswer(runner: Runner, answer: Answer, receipt: string) {
  const { store } = runner.services;
  const { run, inquiry, person } = answer;
  const fields = {
    userId: person.id,
    login: person.login,
    commentId: answer.commentId,
    bodyHash: answer.bodyHash,
    response: answer.value,
    receipt,
  };
  if (!store.responses.add({ inquiryId: inquiry.id, ...fields })) return false;
  store.events.add(run.id, "answer-recorded", {
    inquiryId: inquiry.id,
    task: inquiry.task,
    ...fields,
  });
  return true;
}

function decide(
  runner: Runner,
  d: {
    run: RunRecord;
    inquiry: InquiryRecord;
    value: Record<string, unknown>;
    ends: Ends;
  },
): void {
  const { store } = runner.services;
  const { run, inquiry } = d;
  const responses = store.responses.ofInquiry(inquiry.id);
  store.inquiries.move(
    inquiry.id,
    "open",
    d.ends === "answered" ? "answered" : "denied",
  );
  store.events.add(run.id, "inquiry-decided", {
    inquiryId: inquiry.id,
    task: inquiry.task,
    ends: d.ends,
    by: responses.map((r) => r.login),
  });
  const result = {
    response: d.value,
    responses: responses.map((r) => ({ login: r.login, response: r.response })),
  };
  runner.finishStep(
    run.id,
    store.steps.get(inquiry.stepId)!,
    {
      status: "succeeded",
      result,
      actor: responses.map((r) => r.login).join(", "),
    },
    ["running", "paused"],
    { route: d.ends !== "split" },
  );
}

const nowhere = "\u0000nowhere";
const broken = "\u0000broken";

/** Where one answer alone would lead the run: its next tasks, or nowhere. */
function directionOf(run: RunRecord, task: string, response: unknown) {
  const result = { response, responses: [{ response }] };
  try {
    const routing = route(
      workflowOf(run).tasks[task]!,
      { status: "succeeded", result },
      scopeOf(run),
    );
    if (routing.end === "no-route") return nowhere;
    return [...routing.next].sort().join("\n");
  } catch {
    return broken;
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

/** The comment that tells the thread what an answer did. */
export function describeVerdict(answer: Answer, verdict: Verdict): string {
  const { person, inquiry } = answer;
  const who = `@${person.login}`;
  const task = `\`${inquiry.task}\``;
  switch (verdict.kind) {
    case "closed":
      return fail("AR_REPLY_CLOSED", {
        login: person.login,
        why: `the inquiry ${task} is no longer open`,
      }).message;
    case "again":
      return fail("AR_REPLY_REPEATED", {
        login: person.login,
        task: inquiry.task,
      }).message;
    case "counted":
      return `Recorded ${who}'s answer to ${task} (${verdict.count} of ${inquiry.approvals} needed, from different people). ${receiptLine(verdict.receipt)}`;
    case "decided":
      return decidedText(answer, verdict);
  }
}

function decidedText(
  answer: Answer,
  verdict: Extract<Verdict, { kind: "decided" }>,
): string {
  const who = `@${answer.person.login}`;
  const task = `\`${answer.inquiry.task}\``;
  const receipt = receiptLine(verdict.receipt);
  if (verdict.ends === "denied") {
    return `${who}'s answer to ${task} leads to no further task, so the inquiry is closed and the run ends as denied. ${receipt}`;
  }
  if (verdict.ends === "broken") {
    return `Recorded ${who}'s answer to ${task}, but the task's \`next\` could not be evaluated with it; the next comment says why. ${receipt}`;
  }
  if (verdict.ends === "split") {
    return `${who}'s answer to ${task} leads elsewhere than the answers before it. Approvals must agree, so the inquiry is closed, nothing after it runs, and the run ends as denied. ${receipt}`;
  }
  const n = answer.inquiry.approvals;
  return `Recorded ${who}'s answer; ${task} is answered (${n} of ${n}) and the run goes on. ${receipt}`;
}

function receiptLine(receipt: string): string {
  return `Receipt \`${receipt.slice(0, 16)}\`.`;
}
