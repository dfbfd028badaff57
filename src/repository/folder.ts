import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { type Layout, repositoryLayout } from "./catalog.js";

function isDir(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/**
 * How a local folder holds workflows: a repository (`workflows/` and or a
 * pack's `actions/`), a pack, or a folder of workflow files itself.
 * Undefined when it holds none.
 */
export function layoutOf(dir: string): Layout | undefined {
  const { workflows, actions } = repositoryLayout;
  if (isDir(path.join(dir, workflows)) || isDir(path.join(dir, actions))) {
    return repositoryLayout;
  }
  if (!isDir(dir)) return undefined;
  const yaml = readdirSync(dir).some((n) => /\.ya?ml$/.test(n));
  return yaml ? { workflows: "", actions } : undefined;
}
