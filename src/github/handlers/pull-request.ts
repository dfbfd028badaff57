import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";
import { checkPullRequest } from "./pull-request-check.js";

type PullRequestEvent =
  | "pull_request.opened"
  | "pull_request.reopened"
  | "pull_request.synchronize";

/** A pull request that touches workflows gets a check run at its head. */
export function onPullRequest(runner: Runner) {
  return async (context: Context<PullRequestEvent>): Promise<void> => {
    const { pull_request: pull, repository } = context.payload;
    const headSha = pull.head.sha;
    const log = runner.services.log.child({
      delivery: context.id,
      pull: pull.number,
      headSha,
    });
    await checkPullRequest({
      runner,
      octokit: context.octokit,
      where: { owner: repository.owner.login, repo: repository.name },
      pullNumber: pull.number,
      headSha,
      log,
    });
  };
}
