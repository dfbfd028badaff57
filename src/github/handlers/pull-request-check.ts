import type { Logger } from "pino";
import type { Runner } from "../../engine/runner.js";
import { githubFiles } from "../../repository/files.js";
import {
  touchesWorkflows,
  validateChanged,
} from "../../repository/validate.js";
import {
  failCheck,
  finishCheck,
  notCheckedReason,
  startCheck,
} from "../checks.js";
import type { Octokit } from "../octokit.js";
import { loadOptionsOf } from "../workflows.js";
import { changedFilesRetried } from "./pull-request-files.js";

type Where = { owner: string; repo: string };
type Listed = { files: string[] } | { error: unknown };

/** What checking one pull request at one head needs. */
export interface PullRequestCheckOptions {
  runner: Runner;
  octokit: Octokit;
  where: Where;
  pullNumber: number;
  headSha: string;
  log: Logger;
}

/**
 * Checks the workflows a pull request changes, as its head holds them,
 * in a new check run; nothing is run, whatever the files say. Once the
 * check run exists, every failure concludes it; a pull request whose
 * files cannot be listed gets a failing check too, since nobody can
 * tell that it touches no workflow. Opening, pushing and "Re-run" all
 * come here.
 */
export async function checkPullRequest(
  options: PullRequestCheckOptions,
): Promise<void> {
  const { octokit, where, headSha, log } = options;
  const listed = await listChanged(octokit, where, options.pullNumber, log);
  if ("files" in listed && !touchesWorkflows(listed.files)) return;
  const checkRunId = await startOrLog(octokit, where, headSha, log);
  if (checkRunId === undefined) return;
  const check = { ...where, checkRunId };
  if ("error" in listed) {
    const what = "list the files this pull request changes";
    await concludeUnchecked(octokit, check, what, listed.error, log);
    return;
  }
  const { runner } = options;
  await validate(runner, octokit, { ...check, headSha }, listed.files, log);
}

async function listChanged(
  octokit: Octokit,
  where: Where,
  pullNumber: number,
  log: Logger,
): Promise<Listed> {
  const onRetry = (err: unknown) =>
    log.warn({ err }, "listing changed files failed; trying once more");
  try {
    return {
      files: await changedFilesRetried(octokit, where, pullNumber, onRetry),
    };
  } catch (error) {
    // Logged where the check run is concluded.
    return { error };
  }
}

/** The check run's id; undefined, logged, when GitHub refused it. */
async function startOrLog(
  octokit: Octokit,
  where: Where,
  headSha: string,
  log: Logger,
): Promise<number | undefined> {
  try {
    return await startCheck(octokit, where, headSha);
  } catch (err) {
    // A POST is not repeated: GitHub may have made the run already.
    log.error({ err }, "check run could not be started");
    return undefined;
  }
}

async function validate(
  runner: Runner,
  octokit: Octokit,
  check: Where & { checkRunId: number; headSha: string },
  changed: string[],
  log: Logger,
): Promise<void> {
  const { headSha, ...where } = check;
  try {
    const files = githubFiles(octokit, where, headSha);
    const options = loadOptionsOf(runner.services.config);
    const validation = await validateChanged(files, changed, options);
    await finishCheck(octokit, where, validation);
    log.info({ problems: validation.problems.length }, "workflows checked");
  } catch (err) {
    const what = "read the changed workflow files at this pull request's head";
    await concludeUnchecked(octokit, where, what, err, log);
  }
}

/** Fails the check run, saying what was not checked and how to retry. */
async function concludeUnchecked(
  octokit: Octokit,
  check: Where & { checkRunId: number },
  what: string,
  err: unknown,
  log: Logger,
): Promise<void> {
  log.error({ err, what }, "workflows could not be checked");
  try {
    await failCheck(octokit, check, notCheckedReason(what, err));
  } catch (failed) {
    log.error({ err: failed }, "check run could not be concluded");
  }
}
