import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";
import { githubFiles } from "../../repository/files.js";
import {
  touchesWorkflows,
  validateChanged,
} from "../../repository/validate.js";
import { failCheck, finishCheck, startCheck } from "../checks.js";
import type { Octokit } from "../octokit.js";
import { loadOptionsOf } from "../workflows.js";

type PullRequestEvent =
  | "pull_request.opened"
  | "pull_request.reopened"
  | "pull_request.synchronize";

/**
 * A pull request that touches workflows gets a check run validating them
 * as its head holds them. Nothing is run, whatever the files say.
 */
export function onPullRequest(runner: Runner) {
  return async (context: Context<PullRequestEvent>): Promise<void> => {
    const { pull_request: pull, repository } = context.payload;
    const where = { owner: repository.owner.login, repo: repository.name };
    const octokit = context.octokit;
    const changed = await changedFiles(octokit, where, pull.number);
    if (!touchesWorkflows(changed)) return;
    const headSha = pull.head.sha;
    const log = runner.services.log.child({
      delivery: context.id,
      pull: pull.number,
      headSha,
    });
    const checkRunId = await startCheck(octokit, where, headSha);
    try {
      const files = githubFiles(octokit, where, headSha);
      const options = loadOptionsOf(runner.services.config);
      const validation = await validateChanged(files, changed, options);
      await finishCheck(octokit, { ...where, checkRunId }, validation);
      log.info({ problems: validation.problems.length }, "workflows checked");
    } catch (err) {
      log.error({ err }, "workflow check failed");
      const reason =
        "The app could not read the changed files; push again or re-run the check.";
      await failCheck(octokit, { ...where, checkRunId }, reason);
    }
  };
}

async function changedFiles(
  octokit: Octokit,
  where: { owner: string; repo: string },
  pullNumber: number,
): Promise<string[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...where,
    pull_number: pullNumber,
    per_page: 100,
  });
  return files.map((f) => f.filename);
}
