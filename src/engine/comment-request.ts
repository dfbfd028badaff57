import { fail, isAppError } from "../errors.js";
import { hasStatus } from "../github/markers.js";
import type { Octokit } from "../github/octokit.js";
import { code } from "../markdown.js";
import { acceptRequest, refuse } from "./accept.js";
import { parseRunCommand } from "./request.js";
import type { Runner } from "./runner.js";

/** What a `/run` comment needs of its webhook (Probot's context fits). */
export interface CommentEvent {
  id: string;
  octokit: Octokit;
  payload: {
    comment: {
      body?: string | null;
      user: { id: number; login: string; type?: string } | null;
    };
    issue: { number: number; body?: string | null; pull_request?: unknown };
    repository: { name: string; owner: { login: string } };
    installation?: { id: number };
  };
}

/**
 * A `/run …` comment starts a run on an issue that holds none. One issue
 * records one run: on an issue with a run, or on a pull request, the
 * comment is answered and nothing starts. Returns whether the comment
 * was a request at all.
 */
export async function requestByComment(
  runner: Runner,
  event: CommentEvent,
): Promise<boolean> {
  const { comment, issue, repository } = event.payload;
  const text = comment.body ?? "";
  const where = {
    runner,
    octokit: event.octokit,
    issue: {
      owner: repository.owner.login,
      repo: repository.name,
      issueNumber: issue.number,
    },
    deliveryId: event.id,
  };
  if (!/^\s*\/run(\s|$)/.test(text) || !comment.user) return false;
  try {
    const request = parseRunCommand(text)!;
    const isPull = issue.pull_request !== undefined;
    const body = issue.body ?? "";
    refuseOnPullOrRun(runner, { ...where.issue, body }, isPull);
    await acceptRequest({
      ...where,
      installationId: event.payload.installation?.id ?? 0,
      requester: {
        id: comment.user.id,
        login: comment.user.login,
        type: comment.user.type ?? "User",
      },
      body: requestBody(body, comment.user.login, text),
      request,
    });
  } catch (err) {
    if (!isAppError(err)) throw err;
    await refuse(where, err.message);
  }
  return true;
}

function refuseOnPullOrRun(
  runner: Runner,
  issue: { owner: string; repo: string; issueNumber: number; body: string },
  isPull: boolean,
): void {
  if (isPull) throw fail("AR_REQUEST_ON_PULL", {});
  const { store } = runner.services;
  const run = store.runs.find(issue.owner, issue.repo, issue.issueNumber);
  if (run) throw fail("AR_REQUEST_RUN_EXISTS", { run: `run ${run.id}` });
  // A run the store has lost still shows its status table in the body.
  if (hasStatus(issue.body)) {
    throw fail("AR_REQUEST_RUN_EXISTS", { run: "a run" });
  }
}

/** The issue as written, and which comment asked for the run. */
function requestBody(issueBody: string, login: string, text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0]!;
  const said = `@${login} asked for this run in a comment: ${code(line, { max: 300 })}`;
  return issueBody.trim() ? `${issueBody.trimEnd()}\n\n${said}` : said;
}
