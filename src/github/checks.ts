import { fail, isAppError } from "../errors.js";
import { code } from "../markdown.js";
import type { Validation } from "../repository/validate.js";
import type { Problem } from "../workflow/types.js";
import { type Octokit, statusOf } from "./octokit.js";

/** The check run's name, as pull requests list it. */
export const checkName = "approval-runner / workflows";

// GitHub takes at most 50 annotations per create or update request.
const perRequest = 50;
// GitHub's limit for a check run's summary and text.
const maxText = 65_535;

type Where = { owner: string; repo: string };

/** The title of a check run that concluded without checking. */
export const notCheckedTitle = "Workflows could not be checked";

/** Opens an in-progress check run on a commit; returns its id. */
export async function startCheck(
  octokit: Octokit,
  where: Where,
  headSha: string,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...where,
    name: checkName,
    head_sha: headSha,
    status: "in_progress",
  });
  return data.id;
}

/**
 * Makes a check run that is complete at once, for a commit the app did
 * not check (one request, so nothing is left in progress).
 */
export async function concludedCheck(
  octokit: Octokit,
  where: Where & { headSha: string },
  result: { conclusion: "neutral" | "failure"; title: string; reason: string },
): Promise<void> {
  const { headSha, ...repo } = where;
  await octokit.rest.checks.create({
    ...repo,
    name: checkName,
    head_sha: headSha,
    status: "completed",
    conclusion: result.conclusion,
    output: { title: result.title, summary: result.reason },
  });
}

/**
 * Completes a check run with one annotation per problem, in batches of
 * fifty; it passes when there are none.
 */
export async function finishCheck(
  octokit: Octokit,
  where: Where & { checkRunId: number },
  validation: Validation,
): Promise<void> {
  const { checkRunId, ...repo } = where;
  const output = outputOf(validation);
  const annotations = validation.problems.map(annotationOf);
  const batches = chunk(annotations, perRequest);
  for (const [i, batch] of batches.entries()) {
    const last = i === batches.length - 1;
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      output: { ...output, annotations: batch },
      ...(last ? { conclusion: conclusionOf(validation) } : {}),
    });
  }
}

/**
 * Completes a check run that could not validate anything. `failure`,
 * not `action_required`: what was not checked must not look passable,
 * and a required check then blocks the merge until a re-run checks it.
 */
export async function failCheck(
  octokit: Octokit,
  where: Where & { checkRunId: number },
  reason: string,
): Promise<void> {
  const { checkRunId, ...repo } = where;
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    conclusion: "failure",
    output: { title: notCheckedTitle, summary: reason },
  });
}

/**
 * Why a check run concluded unchecked, for people: what could not be
 * done, GitHub's status or the app's own message, never a stack.
 */
export function notCheckedReason(what: string, err: unknown): string {
  return fail("AR_CHECK_NOT_RUN", { what, why: whyOf(err) }).message;
}

function whyOf(err: unknown): string {
  const status = statusOf(err);
  if (status !== undefined) return `GitHub answered HTTP ${status}`;
  if (isAppError(err)) return err.message.replace(/\.$/, "");
  return "an unexpected error; the app's log has the details";
}

function conclusionOf(validation: Validation): "success" | "failure" {
  return validation.problems.length === 0 ? "success" : "failure";
}

function annotationOf(problem: Problem) {
  return {
    path: problem.path,
    start_line: problem.line,
    end_line: problem.line,
    start_column: problem.col,
    end_column: problem.col,
    annotation_level: "failure" as const,
    title: problem.code ? `workflow ${problem.code}` : "workflow problem",
    message: problem.message,
  };
}

function outputOf(validation: Validation) {
  const { problems, checked, removed } = validation;
  const files = new Set(problems.map((p) => p.path)).size;
  const title =
    problems.length === 0
      ? `${count(checked.length, "file")} checked, all valid`
      : `${count(problems.length, "problem")} in ${count(files, "file")}`;
  const lines = [
    "Checked at this pull request's head; nothing from a pull request runs.",
    "",
    ...checked.map((f) => `- ${code(f, { max: 200 })}`),
    ...removed.map((f) => `- ${code(f, { max: 200 })} (removed)`),
  ];
  // File names come from the pull request: shown as code, never as text.
  const text = problems
    .map(
      (p) =>
        `- ${code(`${p.path}:${p.line}:${p.col}`, { max: 200 })}: ${p.message}`,
    )
    .join("\n");
  return {
    title,
    summary: lines.join("\n").slice(0, maxText),
    ...(text ? { text: text.slice(0, maxText) } : {}),
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** At least one batch, so a run with no problems is still completed. */
function chunk<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push(items.slice(i, i + size));
  }
  return batches.length > 0 ? batches : [[]];
}
