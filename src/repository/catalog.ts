import path from "node:path";
import { code } from "../markdown.js";
import { type LoadOptions, loadWorkflow } from "../workflow/load.js";
import { translateStackstorm } from "../workflow/stackstorm.js";
import { readMeta, workflowRunners } from "../workflow/stackstorm-meta.js";
import type { Problem, Workflow } from "../workflow/types.js";
import { type RepoFiles, tooLarge } from "./files.js";

/**
 * Where a repository keeps its workflows: native files (and bare Mistral
 * or Orquesta files) in `workflows`, a StackStorm pack's actions in
 * `actions`. An empty string is the root of the files themselves.
 */
export interface Layout {
  workflows: string;
  actions: string;
}

export const repositoryLayout: Layout = {
  workflows: "workflows",
  actions: "actions",
};

/** What loading one workflow gave: the workflow, or why not. */
export interface Loaded {
  /** The file the workflow was read from (for a pack, the metadata). */
  path: string;
  workflow?: Workflow;
  problems: Problem[];
}

const yamlFile = /\.ya?ml$/;

export function join(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/**
 * Finds and loads the workflow `name`: `workflows/<name>.yaml` (or .yml)
 * first, then the StackStorm action of that name. Undefined when the
 * repository holds no workflow of that name.
 */
export async function loadNamed(
  files: RepoFiles,
  name: string,
  options: LoadOptions,
  layout: Layout = repositoryLayout,
): Promise<Loaded | undefined> {
  for (const ext of ["yaml", "yml"]) {
    const file = join(layout.workflows, `${name}.${ext}`);
    const loaded = await loadNative(files, file, options);
    if (loaded) return loaded;
  }
  return findAction(files, name, options, layout);
}

/** The action file is usually named after the action; else search. */
async function findAction(
  files: RepoFiles,
  name: string,
  options: LoadOptions,
  layout: Layout,
): Promise<Loaded | undefined> {
  const direct = [`${name}.yaml`, `${name}.yml`];
  for (const file of direct) {
    const path = join(layout.actions, file);
    const loaded = await loadAction(files, path, options, layout);
    if (loaded && (!loaded.workflow || loaded.workflow.name === name)) {
      return loaded;
    }
  }
  for (const file of await yamlFiles(files, layout.actions)) {
    if (direct.includes(file)) continue;
    const path = join(layout.actions, file);
    if ((await metaName(files, path)) !== name) continue;
    return loadAction(files, path, options, layout);
  }
  return undefined;
}

/** The name of a workflow action's metadata file, if it is one. */
async function metaName(
  files: RepoFiles,
  file: string,
): Promise<string | undefined> {
  const read = await files.read(file);
  if (!read || !("text" in read)) return undefined;
  const meta = readMeta(read.text, file).meta;
  return meta && workflowRunners.includes(meta.runner) ? meta.name : undefined;
}

/** Loads a file of the workflows folder; undefined when it is absent. */
export async function loadNative(
  files: RepoFiles,
  file: string,
  options: LoadOptions,
): Promise<Loaded | undefined> {
  const read = await files.read(file);
  if (!read) return undefined;
  if (!("text" in read)) {
    return { path: file, problems: [tooLarge(file, read.bytes)] };
  }
  const result = loadWorkflow(read.text, file, options);
  if (!result.workflow) return { path: file, problems: result.problems };
  const mismatch = nameMismatch(result.workflow, file, read.text);
  if (mismatch) return { path: file, problems: [mismatch] };
  return { path: file, workflow: result.workflow, problems: [] };
}

/**
 * Loads a StackStorm action from its metadata file and its entry point;
 * undefined when the file is absent or its runner is not a workflow.
 */
export async function loadAction(
  files: RepoFiles,
  metaPath: string,
  options: LoadOptions,
  layout: Layout = repositoryLayout,
): Promise<Loaded | undefined> {
  const read = await files.read(metaPath);
  if (!read) return undefined;
  if (!("text" in read)) {
    return { path: metaPath, problems: [tooLarge(metaPath, read.bytes)] };
  }
  const meta = readMeta(read.text, metaPath);
  if (!meta.meta) return { path: metaPath, problems: meta.problems };
  if (!workflowRunners.includes(meta.meta.runner)) return undefined;
  const entry = entryPath(layout, meta.meta.entryPoint);
  const text = entry ? await files.read(entry) : undefined;
  if (!entry || !text || !("text" in text)) {
    return { path: metaPath, problems: [entryProblem(meta, entry, text)] };
  }
  const result = translateStackstorm(
    read.text,
    metaPath,
    text.text,
    entry,
    options,
  );
  return { path: metaPath, ...result };
}

/** The entry point's path, or undefined when it leaves the pack. */
export function entryPath(layout: Layout, entry: string): string | undefined {
  const joined = path.posix.normalize(join(layout.actions, entry));
  const outside =
    path.posix.isAbsolute(entry) ||
    joined.startsWith("../") ||
    joined === ".." ||
    (layout.actions !== "" && !joined.startsWith(`${layout.actions}/`));
  return outside ? undefined : joined;
}

function entryProblem(
  meta: ReturnType<typeof readMeta>,
  entry: string | undefined,
  read: Awaited<ReturnType<RepoFiles["read"]>>,
): Problem {
  const at = meta.meta!.entryAt;
  if (entry && read && "bytes" in read) return tooLarge(entry, read.bytes);
  const why = entry ? "no such file in the pack" : "it points outside the pack";
  const message = `entry_point ${code(meta.meta!.entryPoint)} cannot be read: ${why}`;
  const node = at.node?.range?.[0] ?? 0;
  const { line, col } = at.source.lines.linePos(node);
  return { path: at.source.path, line, col, message, code: "file" };
}

/**
 * A native workflow is found by its file name, so its `name` must be
 * that file name.
 */
function nameMismatch(
  workflow: Workflow,
  file: string,
  text: string,
): Problem | undefined {
  const expected = path.posix.basename(file).replace(yamlFile, "");
  if (workflow.name === expected) return undefined;
  const at = positionOfName(text, workflow.name);
  const message = `the workflow is named ${code(workflow.name)}, but requests find workflows by file name: rename the file to ${code(`${workflow.name}.yaml`)} or the workflow to ${code(expected)}`;
  return { path: file, ...at, message, code: "schema" };
}

function positionOfName(text: string, name: string) {
  const found = /^name:\s*/m.exec(text);
  const index = found ? found.index + found[0].length : text.indexOf(name);
  if (index < 0) return { line: 1, col: 1 };
  const before = text.slice(0, index).split("\n");
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

/** The YAML files of a folder, sorted. */
export async function yamlFiles(
  files: RepoFiles,
  folder: string,
): Promise<string[]> {
  const names = await files.list(folder);
  return names.filter((n) => yamlFile.test(n)).sort();
}

/** The names of the workflows a repository holds, for messages. */
export async function knownWorkflows(
  files: RepoFiles,
  layout: Layout = repositoryLayout,
): Promise<string[]> {
  const native = await yamlFiles(files, layout.workflows);
  const names = native.map((n) => n.replace(yamlFile, ""));
  for (const file of await yamlFiles(files, layout.actions)) {
    const name = await metaName(files, join(layout.actions, file));
    if (name) names.push(name);
  }
  return [...new Set(names)];
}
