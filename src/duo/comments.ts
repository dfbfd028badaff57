import type { Person } from "../engine/approvers.js";
import { expireOverdue } from "../engine/lifecycle.js";
import type { Runner } from "../engine/runner.js";
import { type IssueRef, type Octokit, statusOf } from "../github/octokit.js";
import { code } from "../markdown.js";
import { revokeFactorTokens } from "../store/factor-tokens.js";
import type { InquiryRecord, RunRecord } from "../store/types.js";
import { isDuoCommand, looksLikePasscode } from "./leak.js";
import { postFactorLink } from "./links.js";

export interface FactorCommentOptions {
  runner: Runner;
  octokit: Octokit;
  run: RunRecord;
  person: Person;
  comment: { id: number; body: string };
  deliveryId: string;
}

/**
 * `/duo` while a Duo step is open: a new link for its author, or the
 * reason there is none. True when the comment was that command.
 */
export async function handleFactorComment(
  options: FactorCommentOptions,
): Promise<boolean> {
  const open = openFactor(options);
  if (!open || !isDuoCommand(options.comment.body)) return false;
  await renewLink(options, open);
  return true;
}

/** A person's comment on an issue, new or edited, for the leak check. */
export type LeakCheckOptions = Omit<FactorCommentOptions, "run"> & {
  issue: IssueRef;
};

/**
 * The leak check, for every comment a person writes or edits on a run's
 * issue whatever else it holds: while a Duo step is open, a comment that
 * looks like a passcode is deleted (the value is never quoted back) and
 * its author's link revoked. True when the comment was one.
 */
export async function removeLeakedPasscode(
  options: LeakCheckOptions,
): Promise<boolean> {
  const { owner, repo, issueNumber } = options.issue;
  const { store } = options.runner.services;
  const run = store.runs.find(owner, repo, issueNumber);
  if (!run) return false;
  const withRun = { ...options, run };
  const open = openFactor(withRun);
  if (!open || !looksLikePasscode(options.comment.body)) return false;
  await removeLeak(withRun, open);
  return true;
}

/** The run's open Duo step, if it waits at one. */
function openFactor(options: FactorCommentOptions) {
  return options.runner.services.store.inquiries
    .list({ runId: options.run.id, status: "open" })
    .find((i) => i.kind === "factor");
}

/**
 * Deletes the comment and revokes its author's link: with the passcode
 * public and the link in the thread, anyone could have confirmed as them.
 */
async function removeLeak(
  options: FactorCommentOptions,
  inquiry: InquiryRecord,
): Promise<void> {
  const { runner, octokit, run, person, comment } = options;
  const { store, log } = runner.services;
  if (!store.recordDelivery(options.deliveryId, "duo-leak")) return;
  const deleted = await octokit.rest.issues
    .deleteComment({ owner: run.owner, repo: run.repo, comment_id: comment.id })
    .then(() => true)
    .catch((err: unknown) => {
      // Gone already (deleted by its author or an admin) is what we want.
      if (statusOf(err) === 404) return true;
      log.error(
        { err, runId: run.id, commentId: comment.id },
        "leak not deleted",
      );
      return false;
    });
  const revoked = revokeFactorTokens(store, {
    stepId: inquiry.stepId,
    userId: person.id,
  });
  log.warn(
    { runId: run.id, commentId: comment.id, login: person.login, deleted },
    "passcode-like comment",
  );
  const text = leakText(person.login, deleted, revoked > 0);
  await runner.enqueue(run.id, async (thread) => {
    await thread.comment(`leak-${comment.id}`, text);
  });
}

function leakText(login: string, deleted: boolean, revoked: boolean): string {
  const what = deleted
    ? "so it was deleted"
    : "but it could not be deleted; an admin should delete it now";
  const lines = [
    `@${login}: your comment looked like a Duo passcode, ${what}. Treat that passcode as seen by others: it may still be in e-mail notifications.`,
    "",
    "Never type a passcode into the issue; use your personal Duo link, which opens a form for it.",
  ];
  if (revoked) {
    lines.push(
      "",
      "Your link was revoked so nobody else can use it with that passcode. Comment `/duo` for a new one and use a fresh passcode.",
    );
  }
  return lines.join("\n");
}

/** `/duo`: a new link for a confirmer who has not yet confirmed. */
async function renewLink(
  options: FactorCommentOptions,
  inquiry: InquiryRecord,
): Promise<void> {
  const { runner, run, person, comment } = options;
  const { store } = runner.services;
  if (!store.recordDelivery(options.deliveryId, "duo-link")) return;
  const confirmer = (inquiry.spec.confirmers ?? []).find(
    (c) => c.id === person.id,
  );
  const confirmed = store.responses
    .ofInquiry(inquiry.id)
    .some((r) => r.userId === person.id);
  await runner.enqueue(run.id, async (thread) => {
    // Past the deadline the step is over; the expiry comment says so.
    if (await expireOverdue(runner, thread, run.id, store.now())) return;
    if (!confirmer || confirmed) {
      const text = refusalText(person.login, inquiry, confirmed);
      await thread.comment(`duo-${comment.id}`, text);
      return;
    }
    const step = store.steps.get(inquiry.stepId)!;
    await postFactorLink({
      services: runner.services,
      thread,
      run,
      stepId: step.id,
      task: inquiry.task,
      factor: inquiry.spec.factor ?? "passcode",
      confirmer,
    });
  });
}

function refusalText(
  login: string,
  inquiry: InquiryRecord,
  confirmed: boolean,
): string {
  if (confirmed) {
    return `@${login} already confirmed ${code(inquiry.task)} with Duo; no new link is needed.`;
  }
  const who = (inquiry.spec.confirmers ?? []).map((c) => `@${c.login}`);
  return `@${login} is not asked to confirm ${code(inquiry.task)}; only ${who.join(", ")} may ask for a Duo link.`;
}
