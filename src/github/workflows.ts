import type { OperatorConfig } from "../config/types.js";
import { fail } from "../errors.js";
import { loadWorkflow } from "../workflow/load.js";
import type { Workflow } from "../workflow/types.js";
import { type Octokit, statusOf } from "./octokit.js";

export interface FetchedWorkflow {
  workflow: Workflow;
  /** The default branch's commit the workflow was read at. */
  sha: string;
}

/** What the loader needs to know of the operator's inventory. */
export function loadOptionsOf(config: OperatorConfig) {
  return {
    hosts: Object.keys(config.hosts),
    ...(config.localAlias ? { localAlias: config.localAlias } : {}),
    ...(config.importedApprovers
      ? { importedApprovers: config.importedApprovers }
      : {}),
  };
}

/**
 * Reads `workflows/<name>.yaml` from the repository's default branch at
 * its current commit; what a pull request holds never runs.
 */
export async function fetchWorkflow(
  octokit: Octokit,
  where: { owner: string; repo: string },
  name: string,
  config: OperatorConfig,
): Promise<FetchedWorkflow> {
  const { data: repo } = await octokit.rest.repos.get(where);
  const { data: branch } = await octokit.rest.repos.getBranch({
    ...where,
    branch: repo.default_branch,
  });
  const sha = branch.commit.sha;
  const file = await readFirst(octokit, where, sha, [
    `workflows/${name}.yaml`,
    `workflows/${name}.yml`,
  ]);
  if (!file) {
    const known = await listWorkflows(octokit, where, sha);
    throw fail("AR_WORKFLOW_NOT_FOUND", {
      workflow: name,
      repo: `${where.owner}/${where.repo}`,
      known: known.length > 0 ? known.join(", ") : "none",
    });
  }
  const loaded = loadWorkflow(file.text, file.path, loadOptionsOf(config));
  if (!loaded.workflow) {
    const problems = loaded.problems
      .map((p) => `- ${p.path}:${p.line}:${p.col}: ${p.message}`)
      .join("\n");
    throw fail("AR_WORKFLOW_INVALID", { workflow: name, problems });
  }
  return { workflow: loaded.workflow, sha };
}

async function readFirst(
  octokit: Octokit,
  where: { owner: string; repo: string },
  ref: string,
  paths: string[],
): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    try {
      const { data } = await octokit.rest.repos.getContent({
        ...where,
        path,
        ref,
      });
      if (Array.isArray(data) || data.type !== "file") continue;
      const text = Buffer.from(data.content, "base64").toString("utf8");
      return { path, text };
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
  return undefined;
}

async function listWorkflows(
  octokit: Octokit,
  where: { owner: string; repo: string },
  ref: string,
): Promise<string[]> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...where,
      path: "workflows",
      ref,
    });
    if (!Array.isArray(data)) return [];
    return data
      .map((entry) => entry.name)
      .filter((n) => /\.ya?ml$/.test(n))
      .map((n) => n.replace(/\.ya?ml$/, ""));
  } catch (err) {
    if (statusOf(err) === 404) return [];
    throw err;
  }
}
