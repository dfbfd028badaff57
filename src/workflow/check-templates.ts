import { fail } from "../errors.js";
import { code } from "../markdown.js";
import type { Draft, Entry } from "./draft.js";
import {
  ExpressionError,
  parseExpression,
  type ReferenceSite,
  referenceSites,
} from "./expression.js";
import { findExpressions, soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import { braceShift, problemAt, type Site, siteAt } from "./yaml-source.js";

/** The names a workflow's expressions may read. */
export interface KnownNames {
  inputs: string[];
  vars: string[];
  published: string[];
  tasks: string[];
}

export function knownNames(draft: Draft): KnownNames {
  const properties = draft.input["properties"];
  const inputs =
    typeof properties === "object" && properties !== null
      ? Object.keys(properties)
      : [];
  const published = draft.tasks.flatMap((t) =>
    t.next.flatMap((n) => n.publish.map((p) => p.name)),
  );
  return {
    inputs,
    vars: draft.vars.map((v) => v.name),
    published: [...new Set(published)],
    tasks: draft.tasks.map((t) => t.name),
  };
}

/** Where a template sits decides which functions it may call. */
type Place = "next" | "elsewhere";

interface Walk {
  known: KnownNames;
  problems: Problem[];
}

/** Checks the syntax and every reference of every template in a draft. */
export function checkTemplates(draft: Draft, known: KnownNames): Problem[] {
  const walk: Walk = { known, problems: [] };
  for (const task of draft.tasks) {
    for (const [key, value] of Object.entries(task.input)) {
      const at = task.inputAt[key] ?? task.actionAt;
      checkValue(value, at, "elsewhere", walk);
    }
    for (const entry of task.dropped) checkEntry(entry, "elsewhere", walk);
    for (const transition of task.next) {
      for (const entry of transition.conditions) checkCondition(entry, walk);
      for (const entry of transition.publish) checkEntry(entry, "next", walk);
    }
  }
  for (const entry of [...draft.vars, ...draft.output]) {
    checkEntry(entry, "elsewhere", walk);
  }
  return walk.problems;
}

function checkEntry(entry: Entry, place: Place, walk: Walk): void {
  checkValue(entry.value, entry.at, place, walk);
}

function checkCondition(entry: Entry, walk: Walk): void {
  if (typeof entry.value === "string" && !isSole(entry.value)) {
    const message = `${code(entry.name)} must be one \`{{ … }}\` expression, such as "{{ succeeded() }}"`;
    walk.problems.push(problemAt(entry.at, "expression", message));
    return;
  }
  checkEntry(entry, "next", walk);
}

function isSole(text: string): boolean {
  try {
    return soleExpression(text) !== undefined;
  } catch {
    return true; // the syntax check reports it
  }
}

function checkValue(value: unknown, at: Site, place: Place, walk: Walk) {
  if (typeof value === "string") checkString(value, at, place, walk);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      checkValue(item, siteAt(at, [i]), place, walk);
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkValue(item, siteAt(at, [key]), place, walk);
    }
  }
}

function checkString(text: string, at: Site, place: Place, walk: Walk) {
  let found: ReturnType<typeof findExpressions>;
  try {
    found = findExpressions(text);
  } catch (err) {
    const index = text.slice(0, (err as ExpressionError).offset).split("{{");
    // The error points at the unclosed `{{` itself.
    reportSyntax(err, shifted(at, index.length - 1, -2), text, walk);
    return;
  }
  found.forEach((expression, index) => {
    // Columns in messages count from the expression's first character.
    const source = expression.source.trim();
    const lead =
      expression.source.length - expression.source.trimStart().length;
    const site = (offset: number) => shifted(at, index, lead + offset);
    try {
      const refs = referenceSites(parseExpression(source));
      for (const ref of refs)
        checkReference(ref, site(ref.offset), place, walk);
    } catch (err) {
      const offset = err instanceof ExpressionError ? err.offset : 0;
      reportSyntax(err, site(offset), source, walk);
    }
  });
}

/** The site of a character inside the `index`-th expression of a scalar. */
function shifted(at: Site, index: number, offset: number): Site {
  const brace = braceShift(at, index);
  return brace === undefined ? at : { ...at, shift: brace + 2 + offset };
}

function reportSyntax(err: unknown, at: Site, text: string, walk: Walk) {
  if (!(err instanceof ExpressionError)) throw err;
  const message = `expression ${code(text)}: ${err.message}`;
  walk.problems.push(problemAt(at, "expression", message));
}

function checkReference(
  ref: ReferenceSite,
  at: Site,
  place: Place,
  walk: Walk,
): void {
  const { known, problems } = walk;
  if (ref.kind === "var" && !isKnownVar(ref.name, known)) {
    problems.push(problemAt(at, "unknown-variable", undefinedVar(ref, known)));
  } else if (ref.kind === "task" && !known.tasks.includes(ref.name)) {
    problems.push(problemAt(at, "unknown-task", unknownTask(ref.name, known)));
  } else if (ref.kind === "function" && place !== "next") {
    const { message } = fail("AR_EXPRESSION_CONTEXT", { name: ref.name });
    problems.push(problemAt(at, "expression", message));
  }
}

function isKnownVar(name: string, known: KnownNames): boolean {
  return [known.inputs, known.vars, known.published].some((l) =>
    l.includes(name),
  );
}

function undefinedVar(ref: ReferenceSite, known: KnownNames): string {
  const list = (names: string[]) => names.map((n) => `${code(n)}`).join(", ");
  const parts = [
    known.inputs.length > 0
      ? `the input declares ${list(known.inputs)}`
      : "the input declares nothing",
  ];
  if (known.vars.length > 0) parts.push(`vars declare ${list(known.vars)}`);
  if (known.published.length > 0) {
    parts.push(`tasks publish ${list(known.published)}`);
  }
  return `${code(ref.name)} is not defined: ${parts.join("; ")}`;
}

export function unknownTask(name: string, known: KnownNames): string {
  const tasks = known.tasks.map((n) => `${code(n)}`).join(", ");
  return `task ${code(name)} does not exist; the tasks are ${tasks}`;
}
