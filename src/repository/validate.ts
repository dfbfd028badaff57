import { parseRepoSettings, settingsPath } from "../config/repository.js";
import type { LoadOptions } from "../workflow/load.js";
import { loadWorkflow } from "../workflow/load.js";
import { readMeta } from "../workflow/stackstorm-meta.js";
import type { Problem } from "../workflow/types.js";
import {
  entryPath,
  join,
  type Layout,
  loadAction,
  loadNative,
  repositoryLayout,
  yamlFiles,
} from "./catalog.js";
import { cachedFiles, type RepoFiles, tooLarge } from "./files.js";

/** What a validation looked at and found. */
export interface Validation {
  /** Workflow and settings files checked, in order. */
  checked: string[];
  /** Changed files that no longer exist. */
  removed: string[];
  problems: Problem[];
}

const yamlFile = /\.ya?ml$/;

/** Whether `file` lies in `folder`, directly or (`deep`) below it. */
function isIn(folder: string, file: string, deep = false): boolean {
  const prefix = folder === "" ? "" : `${folder}/`;
  if (!file.startsWith(prefix) || !yamlFile.test(file)) return false;
  return deep || !file.slice(prefix.length).includes("/");
}

/** Whether a change touches workflows, a pack or the settings. */
export function touchesWorkflows(
  changed: readonly string[],
  layout: Layout = repositoryLayout,
): boolean {
  return changed.some(
    (f) =>
      isIn(layout.workflows, f) ||
      isIn(layout.actions, f, true) ||
      f === settingsPath,
  );
}

/**
 * Validates the workflow files among `changed`, as `files` holds them:
 * native files, the pack actions whose metadata or entry point changed,
 * and the repository settings.
 */
export async function validateChanged(
  files: RepoFiles,
  changed: readonly string[],
  options: LoadOptions,
  layout: Layout = repositoryLayout,
): Promise<Validation> {
  const result: Validation = { checked: [], removed: [], problems: [] };
  files = cachedFiles(files);
  for (const file of changed.filter((f) => isIn(layout.workflows, f))) {
    const loaded = await loadNative(files, file, options);
    record(result, file, loaded?.problems);
  }
  const pack = changed.filter((f) => isIn(layout.actions, f, true));
  if (pack.length > 0) {
    await validatePack(files, new Set(pack), options, layout, result);
  }
  if (changed.includes(settingsPath)) await validateSettings(files, result);
  result.problems.sort(byPlace);
  return result;
}

/** Validates every workflow in `files`, and the settings if present. */
export async function validateAll(
  files: RepoFiles,
  options: LoadOptions,
  layout: Layout = repositoryLayout,
): Promise<Validation> {
  const native = await yamlFiles(files, layout.workflows);
  const actions = await yamlFiles(files, layout.actions);
  const changed = [
    ...native.map((f) => join(layout.workflows, f)),
    ...actions.map((f) => join(layout.actions, f)),
    settingsPath,
  ];
  const result = await validateChanged(files, changed, options, layout);
  result.removed = result.removed.filter((f) => f !== settingsPath);
  return result;
}

function record(result: Validation, file: string, problems?: Problem[]) {
  if (!problems) {
    result.removed.push(file);
    return;
  }
  result.checked.push(file);
  result.problems.push(...problems);
}

async function validatePack(
  files: RepoFiles,
  changed: Set<string>,
  options: LoadOptions,
  layout: Layout,
  result: Validation,
): Promise<void> {
  const seen = new Set<string>();
  for (const name of await yamlFiles(files, layout.actions)) {
    const meta = join(layout.actions, name);
    const entry = await entryOf(files, meta, layout);
    seen.add(meta);
    if (entry) seen.add(entry);
    if (!changed.has(meta) && !(entry && changed.has(entry))) continue;
    const loaded = await loadAction(files, meta, options, layout);
    if (loaded) record(result, meta, loaded.problems);
  }
  for (const file of [...changed].filter((f) => !seen.has(f))) {
    await validateLoose(files, file, options, result);
  }
}

/** The entry point a workflow action's metadata names, if it reads. */
async function entryOf(
  files: RepoFiles,
  meta: string,
  layout: Layout,
): Promise<string | undefined> {
  const read = await files.read(meta);
  if (!read || !("text" in read)) return undefined;
  const entry = readMeta(read.text, meta).meta?.entryPoint;
  return entry === undefined ? undefined : entryPath(layout, entry);
}

/**
 * A changed pack file that no workflow action points at: a workflow file
 * not yet wired to metadata, or metadata of another runner.
 */
async function validateLoose(
  files: RepoFiles,
  file: string,
  options: LoadOptions,
  result: Validation,
): Promise<void> {
  const read = await files.read(file);
  if (!read) {
    result.removed.push(file);
    return;
  }
  if (!("text" in read)) {
    record(result, file, [tooLarge(file, read.bytes)]);
    return;
  }
  if (!/^version\s*:/m.test(read.text)) return;
  record(result, file, loadWorkflow(read.text, file, options).problems);
}

async function validateSettings(files: RepoFiles, result: Validation) {
  const read = await files.read(settingsPath);
  if (!read) return result.removed.push(settingsPath);
  if (!("text" in read)) {
    return record(result, settingsPath, [tooLarge(settingsPath, read.bytes)]);
  }
  record(result, settingsPath, parseRepoSettings(read.text).problems);
}

function byPlace(a: Problem, b: Problem): number {
  return a.path.localeCompare(b.path) || a.line - b.line || a.col - b.col;
}
