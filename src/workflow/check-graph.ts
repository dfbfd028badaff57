import { code } from "../markdown.js";
import { type KnownNames, unknownTask } from "./check-templates.js";
import type { Draft, DraftTask, DraftTransition } from "./draft.js";
import { renderTemplate, templateReferences } from "./template.js";
import type { Problem } from "./types.js";
import { problemAt } from "./yaml-source.js";

/** Tasks and where each leads, with unknown targets left out. */
export interface TaskGraph {
  edges: Map<string, string[]>;
  /** Tasks that no other task leads to: where a run starts. */
  start: string[];
}

export function graphOf(draft: Draft): TaskGraph {
  const names = new Set(draft.tasks.map((t) => t.name));
  const edges = new Map<string, string[]>();
  const targeted = new Set<string>();
  for (const task of draft.tasks) {
    const targets = targetsOf(task).filter((n) => names.has(n));
    edges.set(task.name, [...new Set(targets)]);
    // A task that retries itself may still be where a run starts.
    for (const t of targets) if (t !== task.name) targeted.add(t);
  }
  const start = draft.tasks.map((t) => t.name).filter((n) => !targeted.has(n));
  return { edges, start };
}

function targetsOf(task: DraftTask): string[] {
  return task.next.flatMap((n) => n.do.map((d) => d.name));
}

/** Checks `do` targets, where runs start, what they reach, and loops. */
export function checkGraph(draft: Draft, known: KnownNames): Problem[] {
  const problems = checkTargets(draft, known);
  const graph = graphOf(draft);
  if (graph.start.length === 0) {
    const message =
      "no task to start with: every task is the target of a transition";
    return [...problems, problemAt(draft.tasksAt, "no-start", message)];
  }
  const reached = reachable(graph);
  for (const task of draft.tasks) {
    if (reached.has(task.name)) continue;
    const start = graph.start.map((n) => `${code(n)}`).join(", ");
    const message = `task ${code(task.name)} is never reached: no path from the start (${start}) leads to it`;
    problems.push(problemAt(task.at, "unreachable", message));
  }
  return [...problems, ...checkLoops(draft, graph, reached)];
}

function checkTargets(draft: Draft, known: KnownNames): Problem[] {
  return draft.tasks.flatMap((task) =>
    task.next.flatMap((n) =>
      n.do
        .filter((d) => !known.tasks.includes(d.name))
        .map((d) =>
          problemAt(d.at, "unknown-task", unknownTask(d.name, known)),
        ),
    ),
  );
}

function reachable(graph: TaskGraph): Set<string> {
  const seen = new Set<string>(graph.start);
  const queue = [...graph.start];
  while (queue.length > 0) {
    for (const next of graph.edges.get(queue.shift()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A loop needs an exit: a transition out of it, or one that ends the run. */
function checkLoops(
  draft: Draft,
  graph: TaskGraph,
  reached: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const group of cycles(graph)) {
    if (!group.every((n) => reached.has(n))) continue;
    const members = new Set(group);
    const tasks = draft.tasks.filter((t) => members.has(t.name));
    const exits = tasks.flatMap((t) =>
      t.next.filter((n) => leaves(n, members)),
    );
    if (exits.some((n) => !neverHolds(n.when))) continue;
    const names = tasks.map((t) => `${code(t.name)}`).join(", ");
    const why =
      exits.length > 0
        ? "the `when` of every transition that leaves it reads nothing and is never true, so "
        : "";
    const message = `${names} loop with no way out: ${why}give one of them a transition that leaves the loop or ends the run`;
    problems.push(problemAt(tasks[0]!.at, "endless-loop", message));
  }
  return problems;
}

function leaves(n: DraftTransition, members: Set<string>): boolean {
  return n.do.length === 0 || n.do.some((d) => !members.has(d.name));
}

/**
 * Whether a `when` reads no variable, task or function and so renders the
 * same on every run, to something a run does not take as true.
 */
function neverHolds(when: string | undefined): boolean {
  if (when === undefined) return false;
  try {
    const refs = templateReferences(when);
    const reads = [...refs.vars, ...refs.tasks, ...refs.functions];
    if (reads.length > 0) return false;
    const value = renderTemplate(when, { ctx: {}, tasks: {} });
    // As the runner reads a condition: only true (or its text) is taken.
    return !(value === true || value === "true" || value === "True");
  } catch {
    return false; // the template check reports what is wrong with it
  }
}

/** Strongly connected groups that form a cycle (Tarjan's algorithm). */
export function cycles(graph: TaskGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (name: string): void => {
    index.set(name, index.size);
    low.set(name, index.get(name)!);
    stack.push(name);
    for (const next of graph.edges.get(name) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const group = stack.splice(stack.indexOf(name));
      const selfLoop = graph.edges.get(name)?.includes(name) ?? false;
      if (group.length > 1 || selfLoop) found.push(group);
    }
  };
  for (const name of graph.edges.keys()) if (!index.has(name)) visit(name);
  return found;
}

/** The task's nearest core.ask before it, by walking transitions back. */
export function nearestBefore(
  graph: TaskGraph,
  task: string,
  isAsk: (name: string) => boolean,
): string | undefined {
  const seen = new Set([task]);
  let frontier = [task];
  while (frontier.length > 0) {
    const previous = [...graph.edges]
      .filter(
        ([from, to]) => !seen.has(from) && frontier.some((f) => to.includes(f)),
      )
      .map(([from]) => from);
    const ask = previous.find(isAsk);
    if (ask) return ask;
    for (const p of previous) seen.add(p);
    frontier = previous;
  }
  return undefined;
}
