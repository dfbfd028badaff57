import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";

/**
 * An answer, once recorded, stands: editing or deleting its comment changes
 * nothing, but the thread says so for whoever audits it later.
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
    await runner.enqueue(inquiry.runId, async (thread) => {
      await thread.comment(
        `${verb}-${comment.id}-${context.id}`,
        `Note for auditors: @${sender.login} ${verb} comment ${comment.id}, which held @${recorded.login}'s recorded answer to \`${inquiry.task}\`. The recorded answer stands unchanged (body sha256 \`${recorded.bodyHash.slice(0, 16)}\`, receipt \`${recorded.receipt.slice(0, 16)}\`).`,
      );
    });
  };
}
