import type { Context } from "probot";
import { handleFactorComment } from "../../duo/comments.js";
import { requestByComment } from "../../engine/comment-request.js";
import { receiveReply } from "../../engine/inbox.js";
import { rebuildRun } from "../../engine/rebuild.js";
import { parseReply } from "../../engine/reply.js";
import type { Runner } from "../../engine/runner.js";
import { hasAppMarker } from "../markers.js";

type Created = Context<"issue_comment.created">;

/**
 * A comment on a run's issue may answer its open inquiry or command the
 * run. Bots (the app itself above all: its inquiry shows an example
 * reply), comments on issues that hold no run, and plain conversation are
 * ignored. A reply is stored and answered from the run's queue.
 */
export function onIssueCommentCreated(runner: Runner) {
  return async (context: Created): Promise<void> => {
    const { comment } = context.payload;
    const body = comment.body ?? "";
    if (comment.user?.type !== "User" || hasAppMarker(body)) return;
    if (await requestByComment(runner, context)) return;
    const run = await findOrRebuild(runner, context);
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
    // The open inquiry's schema reads shorthands; with none open, the
    // latest one's, so that a late `/approve` is told it changes nothing.
    const asks = runner.services.store.inquiries
      .list({ runId: run.id })
      .filter((i) => i.kind === "ask");
    const shown = asks.find((i) => i.status === "open") ?? asks.at(-1);
    const reply = parseReply(body, shown?.spec.schema);
    if (reply.kind === "none") return;
    receiveReply(runner, {
      run,
      person,
      comment: { id: comment.id, body },
      reply,
      deliveryId: context.id,
    });
  };
}

/** The issue's run; rebuilt from its body when the store lost it. */
async function findOrRebuild(runner: Runner, context: Created) {
  const { issue, repository, comment } = context.payload;
  const where = {
    owner: repository.owner.login,
    repo: repository.name,
    issueNumber: issue.number,
  };
  const found = runner.services.store.runs.find(
    where.owner,
    where.repo,
    where.issueNumber,
  );
  if (found || !looksLikeReply(comment.body ?? "")) return found;
  if (!hasAppMarker(issue.body ?? "")) return undefined;
  return rebuildRun({
    runner,
    octokit: context.octokit,
    installationId: context.payload.installation?.id ?? 0,
    issue: where,
    body: issue.body ?? "",
    closed: issue.state === "closed",
  });
}

/** Cheap test before any rebuild: a slash command or a fenced block. */
function looksLikeReply(body: string): boolean {
  return body.trimStart().startsWith("/") || /```|~~~/.test(body);
}
