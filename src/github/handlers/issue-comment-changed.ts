import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";

/**
 * An answer, once recorded, stands: editing or deleting its comment changes
 * nothing (whoever does it, an admin included), but the thread says so
 * for whoever audits it later.
 */
export function onIssueCommentChanged(runner: Runner) {
  return async (
    context: Context<"issue_comment.edited" | "issue_comment.deleted">,
  ): Promise<void> => {
    const { comment, sender, action } = context.payload;
    const { store } = runner.services;
    const recorded = store.responseByComment(comment.id);
    if (!recorded) return;
    const inquiry = store.getInquiry(recorded.inquiryId)!;
    const verb = action === "edited" ? "edited" : "deleted";
    const text = `Note for auditors: @${sender.login} ${verb} comment ${comment.id}, which held @${recorded.login}'s recorded answer to \`${inquiry.task}\`. The recorded answer stands unchanged (body sha256 \`${recorded.bodyHash.slice(0, 16)}\`, receipt \`${recorded.receipt.slice(0, 16)}\`).`;
    await runner.enqueue(inquiry.runId, async (thread) => {
      store.transaction(() => {
        if (!store.recordDelivery(context.id, `comment-${verb}`)) return;
        store.addEvent(inquiry.runId, `answer-comment-${verb}`, {
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
