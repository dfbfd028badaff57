import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GitHubStandIn } from "../../standins/github/server.js";

/** Workflow files by repository path, e.g. `workflows/x.yaml`. */
export type WorkflowFiles = Record<string, string>;

/** The YAML files of a local folder, as repository paths. */
export function readWorkflows(dir: string): WorkflowFiles {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => [`workflows/${f}`, readFileSync(join(dir, f), "utf8")]),
  );
}

/**
 * Keeps the stand-in's default branch in step with a local folder, so an
 * author's edit is what the next request runs: each change is one commit.
 */
export class WorkflowSync {
  #last: WorkflowFiles;

  constructor(
    private readonly gh: GitHubStandIn,
    private readonly dir: string,
    committed: WorkflowFiles,
  ) {
    this.#last = { ...committed };
  }

  /** Commits what changed since the last sync; the paths it changed. */
  sync(): string[] {
    const now = readWorkflows(this.dir);
    const changes: Record<string, string | null> = {};
    for (const [path, text] of Object.entries(now)) {
      if (this.#last[path] !== text) changes[path] = text;
    }
    for (const path of Object.keys(this.#last)) {
      if (!(path in now)) changes[path] = null;
    }
    const paths = Object.keys(changes);
    if (paths.length === 0) return [];
    this.gh.commit(this.gh.repo, "main", changes, "Update workflows");
    this.#last = now;
    return paths;
  }

  /** The files as last committed. */
  get files(): WorkflowFiles {
    return { ...this.#last };
  }
}
