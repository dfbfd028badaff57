import type { Logger } from "pino";
import type { Services } from "../engine/services.js";
import type { Thread } from "../github/thread.js";
import type { RunRecord, StepRecord } from "../store/types.js";
import type { Scope, TaskSpec, Workflow } from "../workflow/types.js";

/** Everything an action may use while it runs one step. */
export interface ActionContext {
  run: RunRecord;
  step: StepRecord;
  task: TaskSpec;
  workflow: Workflow;
  scope: Scope;
  services: Services;
  thread: Thread;
  log: Logger;
}

export type ActionOutcome =
  | { status: "succeeded" | "failed"; result: unknown; input?: unknown }
  | { status: "paused"; input?: unknown };

/** The code behind one action of the catalog. */
export interface ActionImpl {
  name: string;
  execute(context: ActionContext): Promise<ActionOutcome>;
}
