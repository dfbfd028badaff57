import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { tidy } from "./check-draft.js";
import { finishDraft, type LoadResult } from "./finish-draft.js";
import type { LoadOptions } from "./load-options.js";
import { readNative } from "./native.js";
import { schemaCompiler, shapeProblems } from "./shape.js";
import { isStackstormWorkflow, translateWorkflow } from "./stackstorm.js";
import { readYaml } from "./yaml-source.js";

export type { LoadResult } from "./finish-draft.js";
export type { LoadOptions } from "./load-options.js";

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
 * Loads a workflow file and checks everything that can be checked before
 * a run: shape, actions, inputs, hosts, expressions, and paths. Mistral v2
 * and Orquesta files (they have `version`) are translated.
 */
export function loadWorkflow(
  text: string,
  path: string,
  options: LoadOptions,
): LoadResult {
  const read = readYaml(text, path);
  if (!read.file) return { problems: read.problems };
  if (isStackstormWorkflow(read.file.data)) {
    return translateWorkflow(text, path, undefined, options);
  }
  const root = { source: read.file.source, node: read.file.doc.contents };
  const shape = shapeProblems(workflowValidator(), read.file.data, {
    site: { ...root, node: root.node ?? undefined },
    label: "",
  });
  if (shape.length > 0) return { problems: tidy(shape) };
  return finishDraft(readNative(read.file, path), options);
}
