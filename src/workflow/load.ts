import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { buildWorkflow } from "./build-workflow.js";
import { checkDraft, tidy } from "./check-draft.js";
import type { Draft } from "./draft.js";
import type { LoadOptions } from "./load-options.js";
import { readNative } from "./native.js";
import { schemaCompiler, shapeProblems } from "./shape.js";
import type { Problem, Workflow } from "./types.js";
import { readYaml } from "./yaml-source.js";

export type { LoadOptions } from "./load-options.js";

export interface LoadResult {
  /** Present only when there are no problems. */
  workflow?: Workflow;
  problems: Problem[];
}

let validator: ValidateFunction | undefined;

/** The compiled schema/workflow.schema.json, the shape of a native file. */
export function workflowValidator(): ValidateFunction {
  if (!validator) {
    const url = new URL("../../schema/workflow.schema.json", import.meta.url);
    const schema = JSON.parse(readFileSync(url, "utf8")) as object;
    validator = schemaCompiler().compile(schema);
  }
  return validator;
}

/**
 * Loads a native workflow file and checks everything that can be checked
 * before a run: shape, actions, inputs, hosts, expressions, and paths.
 */
export function loadWorkflow(
  text: string,
  path: string,
  options: LoadOptions,
): LoadResult {
  const read = readYaml(text, path);
  if (!read.file) return { problems: read.problems };
  const root = { source: read.file.source, node: read.file.doc.contents };
  const shape = shapeProblems(workflowValidator(), read.file.data, {
    site: { ...root, node: root.node ?? undefined },
    label: "",
  });
  if (shape.length > 0) return { problems: tidy(shape) };
  return finishDraft(readNative(read.file, path), options);
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
