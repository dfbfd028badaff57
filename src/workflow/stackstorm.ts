import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { code } from "../markdown.js";
import { finishDraft, type LoadResult } from "./finish-draft.js";
import type { LoadOptions } from "./load-options.js";
import { readMistral } from "./mistral.js";
import { readOrquesta } from "./orquesta.js";
import { type Meta, readMeta, workflowRunners } from "./stackstorm-meta.js";
import type { Problem, Workflow } from "./types.js";
import {
  maxWorkflowBytes,
  problemAt,
  readYaml,
  type Site,
  siteAt,
} from "./yaml-source.js";

/** Whether parsed YAML looks like a StackStorm workflow (it has `version`). */
export function isStackstormWorkflow(data: unknown): boolean {
  return typeof data === "object" && data !== null && "version" in data;
}

/** Translates one action (metadata and workflow file) into a workflow. */
export function translateStackstorm(
  metaText: string,
  metaPath: string,
  workflowText: string,
  workflowPath: string,
  options: LoadOptions,
): LoadResult {
  const read = readMeta(metaText, metaPath);
  if (!read.meta) return { problems: read.problems };
  const translated = translateWorkflow(
    workflowText,
    workflowPath,
    read.meta,
    options,
  );
  if (read.problems.length === 0) return translated;
  return { problems: [...read.problems, ...translated.problems] };
}

/**
 * Translates a Mistral v2 or Orquesta file; without metadata its input
 * list alone makes the input schema.
 */
export function translateWorkflow(
  text: string,
  filePath: string,
  meta: Meta | undefined,
  options: LoadOptions,
): LoadResult {
  const read = readYaml(text, filePath);
  if (!read.file) return { problems: read.problems };
  const root: Site = {
    source: read.file.source,
    node: read.file.doc.contents ?? undefined,
  };
  const version = formatOf(read.file.data);
  const mismatch = runnerMismatch(meta, version);
  if (!version || mismatch) {
    return { problems: [versionProblem(root, meta, mismatch)] };
  }
  const reader = version === "mistral-v2" ? readMistral : readOrquesta;
  const result = reader(read.file, meta, options);
  if (!result.draft) return { problems: result.problems };
  return finishDraft(result.draft, options, result.problems);
}

function formatOf(data: unknown): "mistral-v2" | "orquesta" | undefined {
  const version = String((data as { version?: unknown } | null)?.version);
  if (version === "2.0" || version === "2") return "mistral-v2";
  if (version === "1.0" || version === "1") return "orquesta";
  return undefined;
}

function runnerMismatch(
  meta: Meta | undefined,
  version: string | undefined,
): boolean {
  return meta !== undefined && version !== undefined && meta.runner !== version;
}

function versionProblem(
  root: Site,
  meta: Meta | undefined,
  mismatch: boolean,
): Problem {
  const at = siteAt(root, ["version"]);
  const message = mismatch
    ? `the metadata says runner_type ${code(meta?.runner)}, but this file's version is not that format's (mistral-v2: '2.0', orquesta: 1.0)`
    : "`version` must be '2.0' (Mistral v2) or 1.0 (Orquesta)";
  return problemAt(at, "schema", message);
}

/**
 * Loads every workflow action of a StackStorm pack: `actions/*.yaml` whose
 * runner is mistral-v2 or orquesta. Paths in problems are relative to `dir`.
 */
export function loadStackstormPack(
  dir: string,
  options: LoadOptions,
): { workflows: Workflow[]; problems: Problem[] } {
  const actions = path.join(dir, "actions");
  const files = readdirSync(actions)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const workflows: Workflow[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const result = loadAction(dir, `actions/${file}`, options);
    if (result.workflow) workflows.push(result.workflow);
    problems.push(...result.problems);
  }
  return { workflows, problems };
}

function loadAction(
  dir: string,
  metaPath: string,
  options: LoadOptions,
): LoadResult {
  const metaText = readPackFile(dir, metaPath);
  if (typeof metaText !== "string") return { problems: [metaText] };
  const meta = readMeta(metaText, metaPath);
  if (!meta.meta) return { problems: meta.problems };
  if (!workflowRunners.includes(meta.meta.runner)) return { problems: [] };
  const entry = entryFile(dir, meta.meta);
  if ("problem" in entry) return { problems: [entry.problem] };
  const text = readPackFile(dir, entry.relative);
  if (typeof text !== "string") return { problems: [text] };
  const result = translateWorkflow(text, entry.relative, meta.meta, options);
  if (meta.problems.length === 0) return result;
  return { problems: [...meta.problems, ...result.problems] };
}

/** The entry point, which must be a file inside the pack. */
function entryFile(
  dir: string,
  meta: Meta,
): { relative: string } | { problem: Problem } {
  const relative = path.posix.normalize(`actions/${meta.entryPoint}`);
  const inside =
    !relative.startsWith("../") && !path.isAbsolute(meta.entryPoint);
  if (inside && isFile(path.join(dir, relative))) return { relative };
  const why = inside
    ? "no such file in the pack"
    : "it points outside the pack";
  const message = `entry_point ${code(meta.entryPoint)} cannot be read: ${why}`;
  return { problem: problemAt(meta.entryAt, "file", message) };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Reads a file of the pack, refusing one larger than any workflow. */
function readPackFile(dir: string, relative: string): string | Problem {
  const size = statSync(path.join(dir, relative)).size;
  if (size <= maxWorkflowBytes) {
    return readFileSync(path.join(dir, relative), "utf8");
  }
  const message = `the file is ${size} bytes; workflow files may be at most ${maxWorkflowBytes} bytes (256 KB)`;
  return { path: relative, line: 1, col: 1, message, code: "too-large" };
}
