import { guardedActions } from "../actions/registry.js";
import { applySettings } from "../config/effective.js";
import { loadSettings } from "../config/repository.js";
import { readSignedState, stripStatus } from "../github/markers.js";
import type { IssueRef, Octokit } from "../github/octokit.js";
import { deferComment, Thread } from "../github/thread.js";
import { loadOptionsOf } from "../github/workflows.js";
import { code } from "../markdown.js";
import { loadNamed } from "../repository/catalog.js";
import { githubFiles } from "../repository/files.js";
import { finishedStatuses, type RunRecord } from "../store/types.js";
import type { Workflow } from "../workflow/types.js";
import { markDirty, type Runner, whereOf } from "./runner.js";
import { asRunState, type RunState, stepOf } from "./state.js";

export interface RebuildOptions {
  runner: Runner;
  octokit: Octokit;
  installationId: number;
  issue: IssueRef;
  /** The issue as the webhook carried it. */
  body: string;
  closed: boolean;
}

const rebuilding = new Map<string, Promise<RunRecord | undefined>>();

/**
 * Rebuilds a run the store lost from the signed state marker in its
 * issue body, the workflow at the pinned commit, and the app's comments
 * in the thread. A guarded action the state shows as scheduled or running
 * becomes "outcome unknown": a rebuild never runs one on its own.
 * Undefined when the body holds no state this app signed for this issue.
 */
export function rebuildRun(
  options: RebuildOptions,
): Promise<RunRecord | undefined> {
  const { owner, repo, issueNumber } = options.issue;
  const key = `${owner}/${repo}#${issueNumber}`;
  const running = rebuilding.get(key);
  if (running) return running;
  const work = rebuild(options).finally(() => rebuilding.delete(key));
  rebuilding.set(key, work);
  return work;
}

async function rebuild(options: RebuildOptions) {
  const { runner, issue } = options;
  const { store, markerKey, log } = runner.services;
  const found = store.runs.find(issue.owner, issue.repo, issue.issueNumber);
  if (found || !markerKey) return found;
  const state = asRunState(readSignedState(options.body, markerKey));
  const slug = `${issue.owner}/${issue.repo}`;
  if (state?.repo !== slug || state.issue !== issue.issueNumber) return;
  const thread = threadOf(options, 0);
  const posted = await thread.postedKeys();
  if (isStale(state, options.closed, posted)) {
    log.warn({ issue, status: state.status }, "stale state not rebuilt");
    return undefined;
  }
  const workflow = await workflowAt(options, state);
  if (!workflow) return undefined;
  const run = store.transaction(() => {
    const id = restore(runner, options, state, workflow);
    const restored = threadOf(options, id);
    for (const [k, commentId] of posted) restored.markPosted(k, commentId);
    return store.runs.get(id)!;
  });
  log.warn({ runId: run.id, issue, status: run.status }, "run rebuilt");
  // Shows the rebuild on the issue, and goes on if the run was running.
  void runner.kick(run.id);
  return run;
}

/** A marker older than the thread's end (the run ended, the issue closed). */
function isStale(
  state: RunState,
  closed: boolean,
  posted: Map<string, number>,
): boolean {
  if (finishedStatuses.includes(state.status)) return false;
  return closed || posted.has("finished");
}

async function workflowAt(
  options: RebuildOptions,
  state: RunState,
): Promise<Workflow | undefined> {
  const { runner, octokit, issue } = options;
  const { config, log } = runner.services;
  const where = { owner: issue.owner, repo: issue.repo };
  try {
    const files = githubFiles(octokit, where, state.sha);
    const loaded = await loadNamed(
      files,
      state.workflow,
      loadOptionsOf(config),
    );
    if (!loaded?.workflow) return undefined;
    const settings = await loadSettings(files, `${where.owner}/${where.repo}`);
    return applySettings(loaded.workflow, settings, config);
  } catch (err) {
    log.warn({ err, issue }, "workflow for rebuild not loaded");
    return undefined;
  }
}

function restore(
  runner: Runner,
  options: RebuildOptions,
  state: RunState,
  workflow: Workflow,
): number {
  const { store } = runner.services;
  const runId = store.runs.restore({
    id: state.run,
    owner: options.issue.owner,
    repo: options.issue.repo,
    installationId: options.installationId,
    issueNumber: options.issue.issueNumber,
    workflow: state.workflow,
    workflowPath: state.path,
    workflowSha: state.sha,
    workflowSource: JSON.stringify(workflow),
    input: state.input,
    ctx: state.ctx,
    outcomes: state.outcomes,
    status: state.status,
    requesterId: state.requester,
    requesterLogin: state.requesterLogin,
    requestBody: stripStatus(options.body),
    createdAt: state.created,
    finishedAt: state.finished,
  });
  const stepIds = restoreSteps(runner, runId, state);
  restoreInquiries(runner, runId, state, stepIds);
  store.events.add(runId, "run-rebuilt", {
    status: state.status,
    from: "issue",
  });
  const run = store.runs.get(runId)!;
  deferComment(
    store,
    whereOf(run),
    `rebuilt-${runner.services.now()}`,
    `The app lost its record of run ${runId} and rebuilt it from the state kept in this issue (workflow ${code(state.path)} at ${code(state.sha.slice(0, 12))}, ${state.inquiries.length} inquiries, their recorded answers). What it shows as ${run.status} goes on from here.`,
  );
  markDirty(runner.services, runId);
  return runId;
}

/** Restores the inquiries with their recorded answers. */
function restoreInquiries(
  runner: Runner,
  runId: number,
  state: RunState,
  stepIds: Map<number, number>,
): void {
  const { store } = runner.services;
  for (const inquiry of state.inquiries) {
    const { responses, ...record } = inquiry;
    const stepId = stepIds.get(inquiry.stepId) ?? inquiry.stepId;
    const id = store.inquiries.restore({ ...record, runId, stepId });
    for (const r of responses) store.responses.restore({ ...r, inquiryId: id });
  }
}

/** Restores the steps; a guarded one that may have started is unknown. */
function restoreSteps(runner: Runner, runId: number, state: RunState) {
  const { store } = runner.services;
  const ids = new Map<number, number>();
  for (const row of state.steps) {
    const step = stepOf(row, runId);
    const open = step.status === "scheduled" || step.status === "running";
    if (open && guardedActions.has(step.action)) {
      step.status = "unknown";
      step.note = "rebuilt";
    } else if (step.status === "running") {
      step.status = "scheduled";
    }
    const id = store.steps.restore(step);
    ids.set(row[0], id);
    if (step.status === "unknown")
      unknownAfterRebuild(runner, runId, id, step.task);
  }
  return ids;
}

function unknownAfterRebuild(
  runner: Runner,
  runId: number,
  stepId: number,
  task: string,
): void {
  const { store } = runner.services;
  store.runs.setStatus(runId, "unknown");
  store.events.add(runId, "outcome-unknown", { stepId, task, rebuilt: true });
  deferComment(
    store,
    whereOf(store.runs.get(runId)!),
    `step-${stepId}/unknown`,
    `**Outcome unknown.** Task ${code(task)} was due or running when the app lost its record, so it may or may not have happened. It will not run on its own: an approver can comment \`/retry\` to run it, or \`/abandon\` to end the run.`,
  );
}

function threadOf(options: RebuildOptions, runId: number): Thread {
  return new Thread({
    octokit: options.octokit,
    store: options.runner.services.store,
    issue: options.issue,
    runId,
    log: options.runner.services.log,
  });
}
