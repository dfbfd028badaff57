import { setImmediate as nextTurn } from "node:timers/promises";
import type { Logger } from "pino";
import { guardedActions } from "../actions/registry.js";
import type { ActionImpl, ActionOutcome } from "../actions/types.js";
import { fail, isAppError } from "../errors.js";
import { stateMarker, withCode } from "../github/markers.js";
import { deferComment, type Outgoing, Thread } from "../github/thread.js";
import type { Store } from "../store/store.js";
import {
  finishedStatuses,
  type RunRecord,
  type RunStatus,
  type StepRecord,
} from "../store/types.js";
import type { Scope, TaskOutcome, Workflow } from "../workflow/types.js";
import { renderEnd } from "./end-text.js";
import { endRun } from "./lifecycle.js";
import { KeyedQueue } from "./queue.js";
import {
  labelFor,
  renderIssueBody,
  statusLabels,
  yamlBlock,
} from "./render.js";
import { type Routing, route } from "./route.js";
import type { Services } from "./services.js";
import { runStateOf } from "./state.js";

/**
 * The most steps (tasks started, retries included) one run may take. A
 * loop whose exit is never taken ends failed here instead of running,
 * and updating its issue, for ever; real runbooks take a few dozen.
 */
export const maxStepsPerRun = 500;

/** A finished task's outcome, as finishStep records it. */
type Finished = TaskOutcome & { input?: unknown; actor?: string };

/** How finishStep routes a finished task. */
export interface FinishOptions {
  /** False ends the path here whatever `next` says (a split inquiry). */
  route?: boolean;
}

/**
 * Drives runs from the store: claims each scheduled step, runs its action,
 * routes on, and writes every change into the run's issue. Work on one run
 * is serialized through a queue keyed by run id. Every change is stored
 * first, with the comments that report it; the issue is then brought in
 * line, so a crash in between loses no comment and repeats none.
 */
export class Runner {
  readonly queue = new KeyedQueue();

  constructor(
    readonly services: Services,
    private readonly actions: Map<string, ActionImpl>,
  ) {}

  /** Queues work on a run after whatever is already queued for it. */
  enqueue(runId: number, job: (thread: Thread) => Promise<void>) {
    return this.queue.run(`run-${runId}`, async () => {
      const run = this.services.store.runs.get(runId);
      if (!run) return;
      await job(await this.threadFor(run));
    });
  }

  /** Drives a run as far as it goes without waiting for people. */
  kick(runId: number): Promise<void> {
    return this.enqueue(runId, (thread) => this.drive(runId, thread)).catch(
      (err: unknown) =>
        this.services.log.error({ err, runId }, "run drive failed"),
    );
  }

  async threadFor(run: RunRecord): Promise<Thread> {
    const octokit = await this.services.github(run.installationId);
    return new Thread({
      octokit,
      store: this.services.store,
      issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
      runId: run.id,
      log: this.logFor(run),
    });
  }

  logFor(run: RunRecord): Logger {
    return this.services.log.child({ runId: run.id, workflow: run.workflow });
  }

  /** Posts what was stored but not yet shown, and syncs the issue. */
  async catchUp(runId: number, thread: Thread): Promise<void> {
    await thread.flush();
    if (this.services.store.effects.get(dirtyKey(runId))) {
      await this.sync(runId, thread);
    }
  }

  private async drive(runId: number, thread: Thread): Promise<void> {
    const { store } = this.services;
    await thread.flush();
    const start = store.runs.get(runId);
    if (start && start.status !== "running") {
      return this.catchUp(runId, thread);
    }
    await this.announce(runId, thread);
    for (;;) {
      // Webhooks, HTTP and signals get their turn between steps.
      await nextTurn();
      const run = store.runs.get(runId);
      if (run?.status !== "running") return;
      const limited = stepLimitReached(store, runId);
      if (limited) return this.stopAtLimit(run, limited, thread);
      const step = this.claim(run);
      if (!step) return this.settle(run, thread);
      // The issue shows a guarded action as running before it starts,
      // and a resumed run as running rather than paused.
      const dirty = store.effects.get(dirtyKey(runId)) !== undefined;
      if (dirty || guardedActions.has(step.action)) {
        await this.sync(runId, thread);
      }
      await this.execute(run, step, thread);
    }
  }

  /** Ends a run that took the most steps a run may take, before `task`. */
  private async stopAtLimit(run: RunRecord, task: string, thread: Thread) {
    const err = fail("AR_RUN_STEP_LIMIT", { limit: maxStepsPerRun, task });
    this.logFor(run).warn({ task, limit: maxStepsPerRun }, "step limit hit");
    await endRun(this, thread, run, {
      status: "failed",
      note: "step-limit",
      key: "step-limit",
      message: withCode(err.message, err.code),
    });
  }

  private claim(run: RunRecord): StepRecord | undefined {
    const { store } = this.services;
    return store.transaction(() => {
      const step = store.steps.claimNext(run.id);
      if (step) {
        store.events.add(run.id, "task-started", {
          stepId: step.id,
          task: step.task,
          action: step.action,
        });
      }
      return step;
    });
  }

  private async announce(runId: number, thread: Thread): Promise<void> {
    const { store } = this.services;
    const run = store.runs.get(runId);
    if (run?.status !== "running") return;
    const fresh = store.transaction(() => {
      if (store.steps.ofRun(runId).length > 0) return false;
      const workflow = workflowOf(run);
      for (const task of workflow.start) {
        store.steps.add(run.id, task, workflow.tasks[task]!.action);
      }
      store.events.add(run.id, "run-accepted", {
        workflow: run.workflow,
        sha: run.workflowSha,
        input: run.input,
        requester: run.requesterLogin,
      });
      deferComment(store, whereOf(run), "accepted", acceptedText(run));
      // A new issue carries none of the status labels yet.
      store.effects.set(labelKey(run.id), run.id, "done", null);
      return true;
    });
    if (!fresh) return;
    await thread.flush();
    this.logFor(run).info({ input: run.input }, "run started");
  }

  private async execute(run: RunRecord, step: StepRecord, thread: Thread) {
    const task = workflowOf(run).tasks[step.task]!;
    const log = this.logFor(run).child({ task: step.task, stepId: step.id });
    // A guarded action's report is stored with its outcome, then posted.
    const outbox: Outgoing[] = [];
    const guarded = guardedActions.has(task.action);
    log.info({ action: task.action }, "task started");
    const { outcome, crash } = await this.invoke(run, step, {
      thread: guarded ? thread.collecting(outbox) : thread,
      log,
    });
    log.info({ status: outcome.status }, "task finished");
    if (outcome.status === "paused") {
      this.pause(run, step, outcome.input);
      return;
    }
    this.services.store.transaction(() => {
      for (const c of outbox) thread.defer(c.key, c.body);
      if (crash !== undefined) {
        const err = fail("AR_RUN_TASK_FAILED", {
          task: step.task,
          action: task.action,
          problem: crash,
        });
        thread.defer(`step-${step.id}/failed`, withCode(err.message, err.code));
      }
      this.finishStep(run.id, step, outcome);
    });
    await thread.flush();
  }

  /** Runs a step's action; a throw becomes a failed outcome and a problem. */
  private async invoke(
    run: RunRecord,
    step: StepRecord,
    via: { thread: Thread; log: Logger },
  ): Promise<{ outcome: ActionOutcome; crash?: string }> {
    const workflow = workflowOf(run);
    const task = workflow.tasks[step.task]!;
    const action = this.actions.get(task.action);
    try {
      if (!action) throw new Error(`no implementation of ${task.action}`);
      const outcome = await action.execute({
        run,
        step,
        task,
        workflow,
        scope: scopeOf(run),
        services: this.services,
        ...via,
      });
      return { outcome };
    } catch (err) {
      return { outcome: failure(err, via.log), crash: problemOf(err) };
    }
  }

  private pause(run: RunRecord, step: StepRecord, input: unknown): void {
    const { store } = this.services;
    store.transaction(() => {
      const moved = store.steps.move(step.id, ["running"], "paused", { input });
      if (moved) {
        store.events.add(run.id, "task-paused", {
          stepId: step.id,
          task: step.task,
        });
      }
    });
  }

  /**
   * Records a step's outcome and schedules what follows, in one transaction;
   * false when the step had already left `from` (someone else finished it).
   */
  finishStep(
    runId: number,
    step: StepRecord,
    outcome: Finished,
    from: StepRecord["status"][] = ["running"],
    options: FinishOptions = {},
  ): boolean {
    const { store } = this.services;
    return store.transaction(() => {
      const run = store.runs.get(runId)!;
      const task = workflowOf(run).tasks[step.task]!;
      const routing =
        options.route === false
          ? { next: [], published: {}, end: "no-route" as const }
          : routeSafely(() => route(task, outcome, scopeOf(run)));
      const moved = store.steps.move(step.id, from, outcome.status, {
        input: outcome.input,
        result: outcome.result,
        note: routing.end,
        ...(outcome.actor ? { actor: outcome.actor } : {}),
      });
      if (moved) this.follow(run, step, outcome, routing);
      return moved;
    });
  }

  /** Stores where a finished step leads: results, vars, next steps. */
  private follow(
    run: RunRecord,
    step: StepRecord,
    outcome: Finished,
    routing: SafeRouting,
  ): void {
    const { store } = this.services;
    const workflow = workflowOf(run);
    run.outcomes[step.task] = {
      status: outcome.status,
      result: outcome.result,
    };
    run.ctx = { ...run.ctx, ...routing.published };
    store.runs.saveState(run);
    for (const next of routing.next) {
      store.steps.add(run.id, next, workflow.tasks[next]!.action);
    }
    if ("problem" in routing) {
      const err = fail("AR_RUN_ROUTE_FAILED", {
        task: step.task,
        problem: routing.problem,
      });
      const text = withCode(err.message, err.code);
      deferComment(store, whereOf(run), `step-${step.id}/route`, text);
    }
    store.events.add(run.id, "task-finished", {
      stepId: step.id,
      task: step.task,
      action: step.action,
      status: outcome.status,
      end: routing.end,
      next: routing.next,
      ...(outcome.actor ? { actor: outcome.actor } : {}),
    });
    if (run.status === "paused") store.runs.setStatus(run.id, "running");
    markDirty(this.services, run.id);
  }

  private async settle(run: RunRecord, thread: Thread): Promise<void> {
    const { store } = this.services;
    const steps = store.steps.ofRun(run.id);
    if (steps.some((s) => s.status === "paused")) {
      store.transaction(() => {
        store.runs.setStatus(run.id, "paused");
        store.events.add(run.id, "run-paused", {});
        markDirty(this.services, run.id);
      });
      return this.sync(run.id, thread);
    }
    const status = finalStatus(steps);
    store.transaction(() => {
      store.runs.setStatus(run.id, status, true);
      const fresh = store.runs.get(run.id)!;
      const text = renderEnd(fresh, workflowOf(fresh), status, steps);
      deferComment(store, whereOf(run), "finished", text);
      store.events.add(run.id, "run-finished", { status });
      markDirty(this.services, run.id);
    });
    await thread.flush();
    await this.sync(run.id, thread);
    this.logFor(run).info({ status }, "run finished");
  }

  /** Moves a run to `status` and shows it on the issue. */
  async setStatus(run: RunRecord, status: RunStatus, thread: Thread) {
    const finished = finishedStatuses.includes(status);
    this.services.store.transaction(() => {
      this.services.store.runs.setStatus(run.id, status, finished);
      markDirty(this.services, run.id);
    });
    await this.sync(run.id, thread);
  }

  /** Makes the issue show the stored run: body, label, open or closed. */
  async sync(runId: number, thread: Thread): Promise<void> {
    const { store } = this.services;
    const run = store.runs.get(runId)!;
    const finished = finishedStatuses.includes(run.status);
    const close = run.status === "succeeded" ? "completed" : "not_planned";
    const label = labelFor(run.status);
    const shown = store.effects.get(labelKey(runId));
    await thread.sync({
      body: this.bodyOf(run),
      label,
      others: statusLabels,
      ...(shown ? { previous: (shown.result as string | null) ?? null } : {}),
      ...(finished ? { close } : {}),
    });
    store.transaction(() => {
      store.effects.set(labelKey(runId), runId, "done", label);
      store.effects.delete(dirtyKey(runId));
    });
  }

  async refresh(run: RunRecord, thread: Thread): Promise<void> {
    const fresh = this.services.store.runs.get(run.id) ?? run;
    await thread.setBody(this.bodyOf(fresh));
  }

  private bodyOf(run: RunRecord): string {
    const { store, markerKey } = this.services;
    const marker = stateMarker({ ...runStateOf(store, run) }, markerKey);
    return renderIssueBody(
      run.requestBody,
      run,
      store.steps.ofRun(run.id),
      marker,
    );
  }
}

/** The task that would start next once a run took its last allowed step. */
function stepLimitReached(store: Store, runId: number): string | undefined {
  if (store.steps.countStarted(runId) < maxStepsPerRun) return undefined;
  return store.steps.nextScheduled(runId)?.task;
}

/** Where a run's comments go, for comments stored in a transaction. */
export function whereOf(run: RunRecord) {
  return {
    issue: { owner: run.owner, repo: run.repo, issueNumber: run.issueNumber },
    runId: run.id,
  };
}

/** Notes, inside a transaction, that the issue must be synced. */
export function markDirty(services: Pick<Services, "store">, runId: number) {
  services.store.effects.set(dirtyKey(runId), runId, "dirty");
}

function dirtyKey(runId: number): string {
  return `run-${runId}/sync`;
}

/** Where the status label the app last set on a run's issue is kept. */
function labelKey(runId: number): string {
  return `run-${runId}/label`;
}

export function workflowOf(run: RunRecord): Workflow {
  return JSON.parse(run.workflowSource) as Workflow;
}

export function scopeOf(run: RunRecord): Scope {
  return { ctx: run.ctx, tasks: run.outcomes };
}

function acceptedText(run: RunRecord): string {
  return `Run ${run.id} of \`${run.workflow}\` accepted for @${run.requesterLogin} with input:\n\n${yamlBlock(run.input)}`;
}

/**
 * How the run ended, from its steps. Any failed task fails the run, even
 * when a transition led on to clean up after it: the run ends succeeded
 * only when every task on the path it took succeeded and that path ended.
 */
export function finalStatus(steps: StepRecord[]): RunStatus {
  const failed = steps.some(
    (s) =>
      s.status === "failed" ||
      s.note === "unhandled-failure" ||
      (s.status === "abandoned" && s.note !== "retried"),
  );
  if (failed) return "failed";
  const dead = steps.find((s) => s.note === "no-route");
  if (dead) return dead.action === "core.ask" ? "denied" : "failed";
  return "succeeded";
}

type SafeRouting = Routing | (Routing & { problem: string });

function routeSafely(fn: () => Routing): SafeRouting {
  try {
    return fn();
  } catch (err) {
    return {
      next: [],
      published: {},
      end: "unhandled-failure",
      problem: problemOf(err),
    };
  }
}

function failure(err: unknown, log: Logger): ActionOutcome {
  if (isAppError(err)) {
    log.warn({ code: err.code }, "task refused");
    return { status: "failed", result: { error: err.message, code: err.code } };
  }
  log.error({ err }, "task crashed");
  return {
    status: "failed",
    result: { error: "internal error; see the app's log" },
  };
}

/** What went wrong, in words safe for the issue. */
function problemOf(err: unknown): string {
  return isAppError(err)
    ? err.message
    : "an internal error; the operator finds it in the app's log";
}
