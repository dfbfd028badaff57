import type { TaskSpec, Workflow } from "../workflow/types.js";
import type { RepoSettings } from "./repository.js";
import type { OperatorConfig } from "./types.js";

export type Caps = Pick<OperatorConfig, "allowSelfApproval" | "maxTtlMinutes">;

/**
 * The workflow as it runs in one repository: the repository's settings
 * fill in what the workflow leaves open, and the operator's caps bound
 * both (a repository cannot allow what the server forbids).
 */
export function applySettings(
  workflow: Workflow,
  settings: RepoSettings,
  caps: Caps,
): Workflow {
  const tasks: Record<string, TaskSpec> = {};
  for (const [name, task] of Object.entries(workflow.tasks)) {
    tasks[name] =
      task.action === "core.ask"
        ? { ...task, input: askInput(task.input, settings, caps) }
        : task;
  }
  return { ...workflow, tasks };
}

function askInput(
  input: Record<string, unknown>,
  settings: RepoSettings,
  caps: Caps,
): Record<string, unknown> {
  const capped = { ...input };
  if (capped["ttl"] === undefined && settings.ttlMinutes !== undefined) {
    capped["ttl"] = settings.ttlMinutes;
  }
  const max = caps.maxTtlMinutes;
  const ttl = capped["ttl"];
  if (max !== undefined && ttl !== undefined && Number(ttl) > max) {
    capped["ttl"] = max;
  }
  const selfAllowed =
    caps.allowSelfApproval && settings.allowSelfApproval !== false;
  if (capped["allow_requester"] === true && !selfAllowed) {
    capped["allow_requester"] = false;
  }
  return capped;
}
