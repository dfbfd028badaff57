import type { Logger } from "pino";
import type { Context } from "probot";
import type { Runner } from "../../engine/runner.js";
import { fail } from "../../errors.js";
import {
  checkName,
  concludedCheck,
  notCheckedReason,
  notCheckedTitle,
} from "../checks.js";
import type { Octokit } from "../octokit.js";
import { checkPullRequest } from "./pull-request-check.js";

type Where = { owner: string; repo: string };

/** What a "Re-run" needs: the commit and the pull requests GitHub named. */
interface RerunOptions {
  runner: Runner;
  octokit: Octokit;
  where: Where;
  headSha: string;
  /** From the payload; empty for pull requests from forks. */
  pullNumbers: number[];
  log: Logger;
}

// Open pull requests are searched at most this deep (1,000 of them).
const maxPages = 10;
const perPage = 100;

/**
 * Checks the commit again for each open pull request whose head it
 * still is. A commit that is no head gets a neutral check saying so;
 * one whose pull requests cannot be looked up gets a failing one.
 */
async function rerunCheck(options: RerunOptions): Promise<void> {
  const { log } = options;
  const found = await headsOrError(options);
  if ("error" in found) {
    const what = "find the pull requests whose head is this commit";
    log.error({ err: found.error }, "pull requests could not be found");
    await conclude(options, "failure", notCheckedReason(what, found.error));
    return;
  }
  if (found.numbers.length === 0) {
    log.info({}, "rerun asked for a commit that is no head");
    await conclude(options, "neutral", notHeadReason(options));
    return;
  }
  for (const pullNumber of found.numbers) {
    await checkPullRequest({
      ...options,
      pullNumber,
      log: log.child({ pull: pullNumber }),
    });
  }
}

/** A check run or suite someone asked to run again, as payloads name it. */
export interface Rerequested {
  head_sha: string;
  app: { id: number | null } | null;
  pull_requests: { number: number }[];
  /** A check run's name; a suite has none. */
  name?: string;
  /** How the delivery's log lines name it. */
  fields: Record<string, number>;
}

type RerequestEvent = "check_run.rerequested" | "check_suite.rerequested";

/** Runs the check again when the run or suite is this app's own. */
export async function rerunRequested(
  runner: Runner,
  context: Context<RerequestEvent>,
  subject: Rerequested,
): Promise<void> {
  const headSha = subject.head_sha;
  const log = runner.services.log.child({
    delivery: context.id,
    ...subject.fields,
    headSha,
  });
  const { octokit } = context;
  if (!(await isOwn(octokit, subject))) {
    log.debug({ name: subject.name }, "rerun of another check ignored");
    return;
  }
  const { repository } = context.payload;
  await rerunCheck({
    runner,
    octokit,
    where: { owner: repository.owner.login, repo: repository.name },
    headSha,
    pullNumbers: subject.pull_requests.map((pull) => pull.number),
    log,
  });
}

/** This app's, by its id, and under the check's name when it has one. */
async function isOwn(octokit: Octokit, subject: Rerequested) {
  if (subject.name !== undefined && subject.name !== checkName) return false;
  // Probot's Octokit signs as the app locally; this asks nothing of GitHub.
  const auth = (await octokit.auth({ type: "app" })) as { appId?: unknown };
  const id = subject.app?.id;
  return typeof id === "number" && id === Number(auth.appId);
}

async function headsOrError(
  options: RerunOptions,
): Promise<{ numbers: number[] } | { error: unknown }> {
  try {
    const numbers =
      options.pullNumbers.length > 0
        ? await stillHeads(options)
        : await openPullsAt(options);
    return { numbers };
  } catch (error) {
    return { error };
  }
}

/** The named pull requests that are open with this commit as head. */
async function stillHeads(options: RerunOptions): Promise<number[]> {
  const heads: number[] = [];
  for (const pullNumber of options.pullNumbers) {
    const { data } = await options.octokit.rest.pulls.get({
      ...options.where,
      pull_number: pullNumber,
    });
    const isHead = data.head.sha === options.headSha;
    if (data.state === "open" && isHead) heads.push(pullNumber);
  }
  return heads;
}

/**
 * Open pull requests whose head is the commit. GitHub names none for a
 * pull request from a fork, and its commit-to-pulls lookup finds none
 * either, so the open ones are listed and matched by head.
 */
async function openPullsAt(options: RerunOptions): Promise<number[]> {
  const numbers: number[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const { data } = await options.octokit.rest.pulls.list({
      ...options.where,
      state: "open",
      per_page: perPage,
      page,
    });
    const at = data.filter((pull) => pull.head.sha === options.headSha);
    numbers.push(...at.map((pull) => pull.number));
    if (data.length < perPage) break;
  }
  return numbers;
}

function notHeadReason(options: RerunOptions): string {
  const { owner, repo } = options.where;
  const where = `${owner}/${repo}`;
  return fail("AR_CHECK_NOT_HEAD", { sha: options.headSha, where }).message;
}

async function conclude(
  options: RerunOptions,
  conclusion: "neutral" | "failure",
  reason: string,
): Promise<void> {
  const { octokit, where, headSha, log } = options;
  const title =
    conclusion === "neutral"
      ? "Not checked again: not a head"
      : notCheckedTitle;
  try {
    await concludedCheck(
      octokit,
      { ...where, headSha },
      { conclusion, title, reason },
    );
  } catch (err) {
    log.error({ err }, "check run could not be made");
  }
}
