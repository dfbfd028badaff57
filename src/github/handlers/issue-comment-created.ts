import type { Context } from "probot";
import {
  type FactorCommentOptions,
  handleFactorComment,
  removeLeakedPasscode,
} from "../../duo/comments.js";
import { requestByComment } from "../../engine/comment-request.js";
import { receiveReply } from "../../engine/inbox.js";
import { rebuildRun } from "../../engine/rebuild.js";
import { parseReply } from "../../engine/reply.js";
import type { Runner } from "../../engine/runner.js";
import type { RunRecord } from "../../store/types.js";
import { hasStatus } from "../markers.js";

type Created = Context<"issue_comment.created">;

/**
 * A comment on a run's issue may answer its open inquiry or command the
 * run. Only people's comments count: bots' are ignored (the app's own
 * above all: its inquiry shows an example reply), whatever their text.
 * A person's comment is first checked for a leaked Duo passcode, whatever
 * else it holds. Comments on issues that hold no run, and plain
 * conversation, are ignored; a reply is stored and answered from the
 * run's queue.
 */
export function onIssueCommentCreated(runner: Runner) {
  return async (context: Created): Promise<void> => {
    const said = personalComment(runner, context);
    if (!said) return;
    const issue = issueOf(context);
    if (await removeLeakedPasscode({ ...said, issue })) return;
    if (await requestByComment(runner, context)) return;
    const run = await findOrRebuild(runner, context);
    if (!run) return;
    if (await handleFactorComment({ ...said, run })) return;
    takeReply(said, run);
  };
}

type Said = Omit<FactorCommentOptions, "run">;

/** The comment and its author, when a person (not a bot) wrote it. */
function personalComment(runner: Runner, context: Created): Said | undefined {
  const { comment } = context.payload;
  if (comment.user?.type !== "User") return undefined;
  const { id, login, type } = comment.user;
  return {
    runner,
    octokit: context.octokit,
    person: { id, login, type },
    comment: { id: comment.id, body: comment.body ?? "" },
    deliveryId: context.id,
  };
}

/** Stores a reply to the run's inquiry, if the comment holds one. */
function takeReply(said: Said, run: RunRecord): void {
  const { runner, person, comment, deliveryId } = said;
  // The open inquiry's schema reads shorthands; with none open, the
  // latest one's, so that a late `/approve` is told it changes nothing.
  const asks = runner.services.store.inquiries
    .list({ runId: run.id })
    .filter((i) => i.kind === "ask");
  const shown = asks.find((i) => i.status === "open") ?? asks.at(-1);
  const reply = parseReply(comment.body, shown?.spec.schema);
  if (reply.kind === "none") return;
  receiveReply(runner, { run, person, comment, reply, deliveryId });
}

function issueOf(context: Created) {
  const { issue, repository } = context.payload;
  return {
    owner: repository.owner.login,
    repo: repository.name,
    issueNumber: issue.number,
  };
}

/** The issue's run; rebuilt from its body when the store lost it. */
async function findOrRebuild(runner: Runner, context: Created) {
  const { issue, comment } = context.payload;
  const where = issueOf(context);
  const found = runner.services.store.runs.find(
    where.owner,
    where.repo,
    where.issueNumber,
  );
  if (found || !looksLikeReply(comment.body ?? "")) return found;
  if (!hasStatus(issue.body ?? "")) return undefined;
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
