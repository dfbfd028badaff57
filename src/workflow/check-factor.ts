import { findAction } from "../actions/catalog.js";
import { code } from "../markdown.js";
import { nearestBefore, type TaskGraph } from "./check-graph.js";
import type { Draft } from "./draft.js";
import type { Problem } from "./types.js";
import { problemAt } from "./yaml-source.js";

/**
 * Each duo.auth confirms the approvers of one core.ask: the one its `for`
 * names, else the nearest before it. Returns that choice per task.
 */
export function resolveFactors(
  draft: Draft,
  graph: TaskGraph,
): { problems: Problem[]; askOf: Map<string, string> } {
  const actionOf = new Map(
    draft.tasks.map((t) => [t.name, findAction(t.action)?.name]),
  );
  const isAsk = (name: string) => actionOf.get(name) === "core.ask";
  const problems: Problem[] = [];
  const askOf = new Map<string, string>();
  for (const task of draft.tasks) {
    if (actionOf.get(task.name) !== "duo.auth") continue;
    const named = task.input["for"];
    if (typeof named === "string") {
      if (isAsk(named)) askOf.set(task.name, named);
      else {
        const message = `\`for\` of ${code(task.name)} must name a core.ask task; ${code(named)} is not one`;
        const at = task.inputAt["for"] ?? task.at;
        problems.push(problemAt(at, "action-input", message));
      }
      continue;
    }
    const ask = nearestBefore(graph, task.name, isAsk);
    if (ask) askOf.set(task.name, ask);
    else {
      const message = `${code(task.name)} (duo.auth) has no core.ask before it whose approvers could confirm; add an inquiry before it or set \`for\``;
      problems.push(problemAt(task.at, "action-input", message));
    }
  }
  return { problems, askOf };
}
