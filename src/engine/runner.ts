import type { Logger } from "pino";
import type { ActionImpl, ActionOutcome } from "../actions/types.js";
import { isAppError } from "../errors.js";
import { Thread } from "../github/thread.js";
import type { RunRecord, RunStatus, StepRecord } from "../store/types.js";
import { renderTemplate } from "../workflow/template.js";
import type { Scope, TaskOutcome, Workflow } from "../workflow/types.js";
import { KeyedQueue } from "./queue.js";
import {
  labelFor,
  renderIssueBody,
  statusLabels,
  yamlBlock,
} from "./render.js";
import { route, type StepEnd } from "./route.js";
import type { Services } from "./services.js";

/**
 * Drives runs from the store: claims each scheduled step, runs its action,
 * routes on, and writes every change into the run's issue. Work on one run
 * is serialized through a queue keyed by run id.
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
      const run = this.services.store.getRun(runId);
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

  private async drive(runId: number, thread: Thread): Promise<void> {
    const { store } = this.services;
    await this.announce(runId, thread);
    for (;;) {
      const run = store.getRun(runId);
      if (run?.status !== "running") return;
      const step = store.claimNextStep(runId);
      if (!step) return this.settle(run, thread);
      await this.refresh(run, thread);
      await this.execute(run, step, thread);
    }
  }

  private async announce(runId: number, thread: Thread): Promise<void> {
    const run = this.services.store.getRun(runId);
    if (run?.status !== "running") return;
    const started = this.services.store.steps(runId).length > 0;
    if (started) return;
    const workflow = workflowOf(run);
    for (const task of workflow.start) {
      this.services.store.addStep(run.id, task, workflow.tasks[task]!.action);
    }
    await this.refresh(run, thread);
    await thread.comment(
      "accepted",
      `Run ${run.id} of \`${run.workflow}\` accepted for @${run.requesterLogin} with input:\n\n${yamlBlock(run.input)}`,
    );
    this.logFor(run).info({ input: run.input }, "run started");
  }

  private async execute(run: RunRecord, step: StepRecord, thread: Thread) {
    const workflow = workflowOf(run);
    const task = workflow.tasks[step.task]!;
    const log = this.logFor(run).child({ task: step.task, stepId: step.id });
    const action = this.actions.get(task.action);
    log.info({ action: task.action }, "task started");
    let outcome: ActionOutcome;
    try {
      if (!action) throw new Error(`no implementation of ${task.action}`);
      outcome = await action.execute({
        run,
        step,
        task,
        workflow,
        scope: scopeOf(run),
        services: this.services,
        thread,
        log,
      });
    } catch (err) {
      outcome = failure(err, log);
    }
    log.info({ status: outcome.status }, "task finished");
    if (outcome.status === "paused") {
      this.services.store.moveStep(step.id, ["running"], "paused", {
        input: outcome.input,
      });
      return;
    }
    this.finishStep(run.id, step, outcome);
    await this.refresh(this.services.store.getRun(run.id)!, thread);
  }

  /**
   * Records a step's outcome and schedules what follows, in one transaction;
   * false when the step had already left `from` (someone else finished it).
   */
  finishStep(
    runId: number,
    step: StepRecord,
    outcome: TaskOutcome & { input?: unknown; actor?: string },
    from: StepRecord["status"][] = ["running"],
  ): boolean {
    const { store } = this.services;
    return store.transaction(() => {
      const run = store.getRun(runId)!;
      const workflow = workflowOf(run);
      const task = workflow.tasks[step.task]!;
      const routing = safeRoute(() => route(task, outcome, scopeOf(run)));
      const moved = store.moveStep(step.id, from, outcome.status, {
        input: outcome.input,
        result: outcome.result,
        note: routing.end,
        ...(outcome.actor ? { actor: outcome.actor } : {}),
      });
      if (!moved) return false;
      run.outcomes[step.task] = {
        status: outcome.status,
        result: outcome.result,
      };
      run.ctx = { ...run.ctx, ...routing.published };
      store.saveRunState(run);
      for (const next of routing.next) {
        store.addStep(run.id, next, workflow.tasks[next]!.action);
      }
      if (run.status === "paused") store.setRunStatus(run.id, "running");
      return true;
    });
  }

  private async settle(run: RunRecord, thread: Thread): Promise<void> {
    const steps = this.services.store.steps(run.id);
    if (steps.some((s) => s.status === "paused")) {
      return this.setStatus(run, "paused", thread);
    }
    const status = finalStatus(steps);
    await this.setStatus(run, status, thread);
    await thread.comment("finished", this.renderEnd(run, status));
    await thread.close(status === "succeeded" ? "completed" : "not_planned");
    this.logFor(run).info({ status }, "run finished");
  }

  /** Moves a run to `status` and shows it on the issue. */
  async setStatus(run: RunRecord, status: RunStatus, thread: Thread) {
    const finished = !["running", "paused", "unknown"].includes(status);
    this.services.store.setRunStatus(run.id, status, finished);
    const updated = this.services.store.getRun(run.id)!;
    await this.refresh(updated, thread);
    await thread.setLabel(
      labelFor(status),
      statusLabels.filter((l) => l !== labelFor(status)),
    );
  }

  async refresh(run: RunRecord, thread: Thread): Promise<void> {
    const steps = this.services.store.steps(run.id);
    await thread.setBody(renderIssueBody(run.requestBody, run, steps));
  }

  private renderEnd(run: RunRecord, status: RunStatus): string {
    const fresh = this.services.store.getRun(run.id)!;
    const workflow = workflowOf(fresh);
    const lines = [`Run ${run.id} **${status}**.`];
    if (status === "succeeded" && Object.keys(workflow.output).length > 0) {
      try {
        const output = renderTemplate(workflow.output, scopeOf(fresh));
        lines.push("", "Output:", "", yamlBlock(output));
      } catch (err) {
        lines.push("", `The output could not be rendered: ${messageOf(err)}`);
      }
    }
    return lines.join("\n");
  }
}

export function workflowOf(run: RunRecord): Workflow {
  return JSON.parse(run.workflowSource) as Workflow;
}

export function scopeOf(run: RunRecord): Scope {
  return { ctx: run.ctx, tasks: run.outcomes };
}

function finalStatus(steps: StepRecord[]): RunStatus {
  const ends = new Map(steps.map((s) => [s.note, s]));
  if (
    ends.has("unhandled-failure") ||
    steps.some((s) => s.status === "abandoned")
  ) {
    return "failed";
  }
  const dead = steps.find((s) => s.note === "no-route");
  if (dead) return dead.action === "core.ask" ? "denied" : "failed";
  return "succeeded";
}

function safeRoute(fn: () => ReturnType<typeof route>) {
  try {
    return fn();
  } catch {
    return { next: [], published: {}, end: "unhandled-failure" as StepEnd };
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

function messageOf(err: unknown): string {
  return isAppError(err) || err instanceof Error ? err.message : String(err);
}
