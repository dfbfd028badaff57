import type { Context } from "probot";
import { handleFactorComment } from "../../duo/comments.js";
import { applyAnswer } from "../../engine/answer.js";
import { runCommand } from "../../engine/commands.js";
import { requestByComment } from "../../engine/comment-request.js";
import { parseReply } from "../../engine/reply.js";
import type { Runner } from "../../engine/runner.js";
import { fail } from "../../errors.js";
import { hasAppMarker } from "../markers.js";

/**
 * A comment on a run's issue may answer its open inquiry or command the
 * run. Bots, the app's own comments and plain conversation are ignored.
 */
export function onIssueCommentCreated(runner: Runner) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { comment, issue, repository } = context.payload;
    const body = comment.body ?? "";
    if (comment.user?.type !== "User" || hasAppMarker(body)) return;
    if (await requestByComment(runner, context)) return;
    const { store } = runner.services;
    const run = store.findRun(
      repository.owner.login,
      repository.name,
      issue.number,
    );
    if (!run) return;
    const person = {
      id: comment.user.id,
      login: comment.user.login,
      type: comment.user.type,
    };
    const handled = await handleFactorComment({
      runner,
      octokit: context.octokit,
      run,
      person,
      comment: { id: comment.id, body },
      deliveryId: context.id,
    });
    if (handled) return;
    const open = store
      .inquiries({ runId: run.id, status: "open" })
      .find((i) => i.kind === "ask");
    const reply = parseReply(body, open?.spec.schema);
    if (reply.kind === "none") return;
    const base = {
      runner,
      octokit: context.octokit,
      run,
      deliveryId: context.id,
    };
    if (reply.kind === "command") {
      return runCommand({
        ...base,
        person,
        name: reply.name,
        commentId: comment.id,
      });
    }
    if (!open) {
      return runner.enqueue(run.id, async (thread) => {
        await thread.comment(
          `answer-${comment.id}`,
          `@${person.login}: run ${run.id} is ${store.getRun(run.id)!.status} and has no open inquiry; this reply changes nothing.`,
        );
      });
    }
    if (reply.kind === "error") {
      const message = fail("AR_REPLY_UNREADABLE", {
        problem: reply.problem,
        expected:
          "a fenced ```yaml block with the fields the inquiry shows, or one of its shorthands",
      }).message;
      return runner.enqueue(run.id, async (thread) => {
        await thread.comment(`answer-${comment.id}`, message);
      });
    }
    await applyAnswer({
      ...base,
      inquiry: open,
      person,
      comment: { id: comment.id, body },
      value: reply.value,
    });
  };
}
