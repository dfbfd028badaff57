import type { FormSource } from "../engine/forms.js";
import { readMeta, workflowRunners } from "../workflow/stackstorm-meta.js";
import type { Problem } from "../workflow/types.js";
import { readYaml } from "../workflow/yaml-source.js";
import { join, type Layout, repositoryLayout, yamlFiles } from "./catalog.js";
import type { RepoFiles } from "./files.js";

/** A workflow's request side: what a form for it is made from. */
export interface WorkflowInputs extends FormSource {
  path: string;
}

const emptyInput = { type: "object", properties: {} };

/**
 * Reads each workflow's name, description and input schema, and nothing
 * else: a form can be made without the operator's inventory, which the
 * rest of a workflow is checked against.
 */
export async function readInputs(
  files: RepoFiles,
  layout: Layout = repositoryLayout,
): Promise<{ workflows: WorkflowInputs[]; problems: Problem[] }> {
  const workflows: WorkflowInputs[] = [];
  const problems: Problem[] = [];
  const collect = (read: Read) => {
    if ("problems" in read) problems.push(...read.problems);
    else if (read.workflow) workflows.push(read.workflow);
  };
  for (const name of await yamlFiles(files, layout.workflows)) {
    collect(await readNativeInputs(files, join(layout.workflows, name)));
  }
  for (const name of await yamlFiles(files, layout.actions)) {
    collect(await readActionInputs(files, join(layout.actions, name)));
  }
  return { workflows, problems };
}

type Read = { workflow?: WorkflowInputs } | { problems: Problem[] };

async function readNativeInputs(files: RepoFiles, path: string) {
  const text = await files.read(path);
  if (!text || !("text" in text)) return {};
  const read = readYaml(text.text, path);
  if (!read.file) return { problems: read.problems };
  const data = (read.file.data ?? {}) as Record<string, unknown>;
  // StackStorm files outside a pack have no metadata to make a form from.
  if (typeof data["name"] !== "string" || "version" in data) return {};
  const input = data["input"] ?? emptyInput;
  const description = data["description"];
  return {
    workflow: {
      path,
      name: data["name"],
      description: typeof description === "string" ? description : "",
      input: input as Record<string, unknown>,
    },
  };
}

async function readActionInputs(files: RepoFiles, path: string) {
  const text = await files.read(path);
  if (!text || !("text" in text)) return {};
  const read = readMeta(text.text, path);
  if (!read.meta) return { problems: read.problems };
  if (!workflowRunners.includes(read.meta.runner)) return {};
  const { name, description, input } = read.meta;
  return { workflow: { path, name, description, input } };
}
