import { checkActions } from "./check-actions.js";
import { resolveFactors } from "./check-factor.js";
import { checkGraph, graphOf } from "./check-graph.js";
import { checkTemplates, knownNames } from "./check-templates.js";
import type { Draft } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { compileSchema } from "./shape.js";
import type { Problem } from "./types.js";
import { problemAt } from "./yaml-source.js";

/** Every check that a draft must pass, whatever format it came from. */
export function checkDraft(
  draft: Draft,
  options: LoadOptions,
): { problems: Problem[]; askOf: Map<string, string> } {
  const known = knownNames(draft);
  const factors = resolveFactors(draft, graphOf(draft));
  const problems = [
    ...checkInputSchema(draft),
    ...checkActions(draft, options),
    ...checkTemplates(draft, known),
    ...checkGraph(draft, known),
    ...factors.problems,
  ];
  return { problems: tidy(problems), askOf: factors.askOf };
}

function checkInputSchema(draft: Draft): Problem[] {
  const compiled = compileSchema(draft.input);
  if ("error" in compiled) {
    const message = `the input is not a valid JSON Schema: ${compiled.error}`;
    return [problemAt(draft.inputAt, "schema", message)];
  }
  if (draft.input["type"] !== "object") {
    const message = "the input schema must have `type: object`";
    return [problemAt(draft.inputAt, "schema", message)];
  }
  return [];
}

/** In file order, each problem once. */
export function tidy(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.col - b.col,
  );
}
