import { type ActionSpec, findAction } from "../actions/catalog.js";
import { graphOf } from "./check-graph.js";
import type { Draft, DraftTask, Entry } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import type { TaskSpec, Transition, Workflow } from "./types.js";
import { positionOf } from "./yaml-source.js";

/** Turns a draft that passed every check into the workflow the engine runs. */
export function buildWorkflow(
  draft: Draft,
  options: LoadOptions,
  askOf: Map<string, string>,
): Workflow {
  const tasks = Object.fromEntries(
    draft.tasks.map((t) => [t.name, buildTask(t, draft, options, askOf)]),
  );
  const workflow: Workflow = {
    name: draft.name,
    description: draft.description,
    input: draft.input,
    output: entriesToObject(draft.output),
    tasks,
    start: graphOf(draft).start,
    path: draft.path,
    format: draft.format,
  };
  if (draft.requesters) workflow.requesters = draft.requesters;
  if (draft.vars.length > 0) workflow.vars = entriesToObject(draft.vars);
  return workflow;
}

function buildTask(
  task: DraftTask,
  draft: Draft,
  options: LoadOptions,
  askOf: Map<string, string>,
): TaskSpec {
  const spec = findAction(task.action) as ActionSpec;
  const input = { ...defaultsOf(spec), ...task.input };
  const ask = askOf.get(task.name);
  if (ask) input["for"] = ask;
  if (spec.name === "core.ask" && draft.imported && !hasPeople(input)) {
    Object.assign(input, options.importedApprovers);
  }
  const inputPos = Object.fromEntries(
    Object.entries(task.inputAt).map(([k, at]) => [k, positionOf(at)]),
  );
  return {
    name: task.name,
    action: spec.name,
    input,
    next: task.next.map(buildTransition),
    pos: positionOf(task.at),
    inputPos,
  };
}

function buildTransition(transition: DraftTask["next"][number]): Transition {
  const built: Transition = {
    do: transition.do.map((d) => d.name),
    publish: entriesToObject(transition.publish),
    pos: positionOf(transition.at),
  };
  if (transition.when !== undefined) built.when = transition.when;
  return built;
}

function defaultsOf(spec: ActionSpec): Record<string, unknown> {
  const properties = (spec.input["properties"] ?? {}) as Record<
    string,
    { default?: unknown }
  >;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, p.default]),
  );
}

function hasPeople(input: Record<string, unknown>): boolean {
  return ["users", "teams", "roles"].some(
    (k) => Array.isArray(input[k]) && input[k].length > 0,
  );
}

function entriesToObject(entries: Entry[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((e) => [e.name, e.value]));
}
