import type { Context } from "probot";
import { removeLeakedPasscode } from "../../duo/comments.js";
import type { Runner } from "../../engine/runner.js";
import { code } from "../../markdown.js";

type Changed = Context<"issue_comment.edited" | "issue_comment.deleted">;

/**
 * An answer, once recorded, stands: editing or deleting its comment changes
 * nothing (whoever does it, an admin included), but the thread says so
 * for whoever audits it later.
 */
export function onIssueCommentChanged(runner: Runner) {
  return async (context: Changed): Promise<void> => {
    const { comment, sender, action } = context.payload;
    if (action === "edited") await removeEditedLeak(runner, context);
    const { store } = runner.services;
    const recorded = store.responses.byComment(comment.id);
    if (!recorded) return;
    const inquiry = store.inquiries.get(recorded.inquiryId)!;
    const verb = action === "edited" ? "edited" : "deleted";
    const text = `Note for auditors: @${sender.login} ${verb} comment ${comment.id}, which held @${recorded.login}'s recorded answer to ${code(inquiry.task)}. The recorded answer stands unchanged (body sha256 ${code(recorded.bodyHash.slice(0, 16))}, receipt ${code(recorded.receipt.slice(0, 16))}).`;
    await runner.enqueue(inquiry.runId, async (thread) => {
      store.transaction(() => {
        if (!store.recordDelivery(context.id, `comment-${verb}`)) return;
        store.events.add(inquiry.runId, `answer-comment-${verb}`, {
          commentId: comment.id,
          by: sender.login,
          byId: sender.id,
          answerOf: recorded.login,
          task: inquiry.task,
        });
        thread.defer(`${verb}-${comment.id}-${context.id}`, text);
      });
      await thread.flush();
    });
  };
}

/**
 * An edit that adds a Duo passcode shows it as publicly as a new comment
 * does, so it gets the same leak check, whoever wrote the comment first:
 * the person who edited it typed it.
 */
async function removeEditedLeak(
  runner: Runner,
  context: Changed,
): Promise<void> {
  const { comment, sender, issue, repository } = context.payload;
  if (sender.type !== "User") return;
  await removeLeakedPasscode({
    runner,
    octokit: context.octokit,
    issue: {
      owner: repository.owner.login,
      repo: repository.name,
      issueNumber: issue.number,
    },
    person: { id: sender.id, login: sender.login, type: sender.type },
    comment: { id: comment.id, body: comment.body ?? "" },
    deliveryId: context.id,
  });
}
