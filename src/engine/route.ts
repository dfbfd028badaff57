import { renderTemplate } from "../workflow/template.js";
import type { Scope, TaskOutcome, TaskSpec } from "../workflow/types.js";

/** How a finished task left the run. */
export type StepEnd = "terminal" | "routed" | "no-route" | "unhandled-failure";

export interface Routing {
  next: string[];
  published: Record<string, unknown>;
  end: StepEnd;
}

/**
 * Follows a finished task's transitions. A transition without `when` is
 * taken on success only, so a failed action never proceeds by default.
 */
export function route(
  task: TaskSpec,
  outcome: TaskOutcome,
  scope: Scope,
): Routing {
  const current: Scope = {
    ctx: scope.ctx,
    tasks: { ...scope.tasks, [task.name]: outcome },
    current: outcome,
  };
  if (task.next.length === 0) {
    const end = outcome.status === "failed" ? "unhandled-failure" : "terminal";
    return { next: [], published: {}, end };
  }
  const next: string[] = [];
  const published: Record<string, unknown> = {};
  let matched = false;
  for (const transition of task.next) {
    const when = transition.when ?? "{{ succeeded() }}";
    if (!isTrue(renderTemplate(when, current))) continue;
    matched = true;
    const values = renderTemplate(transition.publish, current);
    Object.assign(published, values);
    current.ctx = { ...current.ctx, ...(values as object) };
    next.push(...transition.do);
  }
  return { next, published, end: endOf(matched, next, outcome) };
}

function endOf(matched: boolean, next: string[], outcome: TaskOutcome) {
  if (!matched) {
    return outcome.status === "failed" ? "unhandled-failure" : "no-route";
  }
  return next.length > 0 ? "routed" : "terminal";
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "True";
}
