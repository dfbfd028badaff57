import { code } from "../markdown.js";
import type { RunRecord, RunStatus, StepRecord } from "../store/types.js";
import { renderTemplate } from "../workflow/template.js";
import type { Workflow } from "../workflow/types.js";
import { yamlBlock } from "./render.js";

/**
 * The comment that ends a run: its status, why it failed or was denied,
 * and, when it succeeded, the workflow's `output` rendered.
 */
export function renderEnd(
  run: RunRecord,
  workflow: Workflow,
  status: RunStatus,
  steps: StepRecord[],
): string {
  const lines = [`Run ${run.id} **${status}**.`];
  const why = steps.flatMap(explain);
  if (status !== "succeeded" && why.length > 0) lines.push("", ...why);
  if (status === "succeeded" && Object.keys(workflow.output).length > 0) {
    lines.push("", ...renderOutput(run, workflow));
  }
  return lines.join("\n");
}

function explain(step: StepRecord): string[] {
  const name = code(step.task);
  if (step.status === "failed" && step.note === "routed") {
    return [`- ${name} failed; the run took the path its \`next\` gave it.`];
  }
  if (step.status === "failed") return [`- ${name} failed.`];
  if (step.note === "unhandled-failure") {
    return [`- ${name}: its \`next\` could not be evaluated.`];
  }
  if (step.status === "abandoned" && step.note !== "retried") {
    return [`- ${name}: its outcome is unknown, and it was abandoned.`];
  }
  if (step.note === "no-route") {
    return step.action === "core.ask"
      ? [
          `- ${name}: the answer leads to no further task; nothing after it ran.`,
        ]
      : [`- ${name}: no transition of its \`next\` matched.`];
  }
  return [];
}

function renderOutput(run: RunRecord, workflow: Workflow): string[] {
  try {
    const scope = { ctx: run.ctx, tasks: run.outcomes };
    const output = renderTemplate(workflow.output, scope);
    return ["Output:", "", yamlBlock(output)];
  } catch (err) {
    const problem = err instanceof Error ? err.message : String(err);
    return [`The output could not be rendered: ${problem}`];
  }
}
