import { code } from "../markdown.js";
import type { DraftTask, DraftTransition } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { translateAction } from "./stackstorm-actions.js";
import type { Problem } from "./types.js";
import { keySiteAt, problemAt, type Site, siteAt } from "./yaml-source.js";

type Data = Record<string, unknown>;

/** Reads a StackStorm task's action and input into a draft task. */
export function readStackstormTask(
  name: string,
  body: Data,
  tasksAt: Site,
  options: LoadOptions,
): { task: DraftTask; problems: Problem[] } {
  const bodyAt = siteAt(tasksAt, [name]);
  const input = (body["input"] as Data | undefined) ?? {};
  const inputAt = Object.fromEntries(
    Object.keys(input).map((k) => [k, siteAt(bodyAt, ["input", k])]),
  );
  const at = keySiteAt(tasksAt, [name]);
  const actionAt = body["action"] ? siteAt(bodyAt, ["action"]) : at;
  const translated = translateAction(
    {
      task: name,
      taskAt: at,
      action: (body["action"] as string | undefined) ?? "core.noop",
      actionAt,
      input,
      inputAt,
    },
    options,
  );
  const task: DraftTask = {
    name,
    at,
    action: translated.action,
    actionAt,
    input: translated.input,
    inputAt: translated.inputAt,
    next: [],
    dropped: translated.dropped,
  };
  if (translated.hostless) task.hostless = true;
  return { task, problems: translated.problems };
}

/** Problems for keys StackStorm knows but approval-runner cannot honour. */
export function unsupportedKeys(
  tasks: Record<string, Data>,
  tasksAt: Site,
  keys: string[],
): Problem[] {
  return Object.entries(tasks).flatMap(([name, body]) =>
    keys
      .filter((k) => Object.hasOwn(body, k))
      .map((k) => {
        const message = `${code(k)} (task ${code(name)}) is not supported by approval-runner; remove it or write the task differently`;
        return problemAt(keySiteAt(tasksAt, [name, k]), "unsupported", message);
      }),
  );
}

/** A path that ends when the task succeeds, so success is never a dead end. */
export function endOnSuccess(at: Site): DraftTransition {
  return {
    when: "{{ succeeded() }}",
    conditions: [],
    do: [],
    publish: [],
    at,
  };
}
