import { buildWorkflow } from "./build-workflow.js";
import { checkDraft, tidy } from "./check-draft.js";
import type { Draft } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import type { Problem, Workflow } from "./types.js";

export interface LoadResult {
  /** Present only when there are no problems. */
  workflow?: Workflow;
  problems: Problem[];
}

/** Checks a draft of any format and builds its workflow if it passes. */
export function finishDraft(
  draft: Draft,
  options: LoadOptions,
  earlier: Problem[] = [],
): LoadResult {
  const checked = checkDraft(draft, options);
  const problems = tidy([...earlier, ...checked.problems]);
  if (problems.length > 0) return { problems };
  return {
    workflow: buildWorkflow(draft, options, checked.askOf),
    problems: [],
  };
}
