import { applySettings } from "../config/effective.js";
import { loadSettings, type RepoSettings } from "../config/repository.js";
import type { OperatorConfig } from "../config/types.js";
import { fail } from "../errors.js";
import { knownWorkflows, loadNamed } from "../repository/catalog.js";
import { githubFiles, type RepoFiles } from "../repository/files.js";
import type { LoadOptions } from "../workflow/load.js";
import type { Problem, Workflow } from "../workflow/types.js";
import type { Octokit } from "./octokit.js";

export interface FetchedWorkflow {
  /** The workflow as it runs here, the repository's settings applied. */
  workflow: Workflow;
  /** The default branch's commit the workflow was read at. */
  sha: string;
  settings: RepoSettings;
}

type Where = { owner: string; repo: string };

/** What the loader needs to know of the operator's inventory. */
export function loadOptionsOf(config: OperatorConfig): LoadOptions {
  return {
    hosts: Object.keys(config.hosts),
    ...(config.localAlias ? { localAlias: config.localAlias } : {}),
    ...(config.importedApprovers
      ? { importedApprovers: config.importedApprovers }
      : {}),
  };
}

/** The commit the default branch points at now. */
export async function defaultBranchSha(
  octokit: Octokit,
  where: Where,
): Promise<string> {
  const { data: repo } = await octokit.rest.repos.get(where);
  const { data: branch } = await octokit.rest.repos.getBranch({
    ...where,
    branch: repo.default_branch,
  });
  return branch.commit.sha;
}

/**
 * Reads the workflow `name` (`workflows/<name>.yaml`, or a StackStorm
 * action under `actions/`) and the repository settings from the default
 * branch at its current commit; what a pull request holds never runs.
 */
export async function fetchWorkflow(
  octokit: Octokit,
  where: Where,
  name: string,
  config: OperatorConfig,
): Promise<FetchedWorkflow> {
  const sha = await defaultBranchSha(octokit, where);
  const files = githubFiles(octokit, where, sha);
  const workflow = await loadOrFail(files, where, name, config);
  const settings = await loadSettings(files, `${where.owner}/${where.repo}`);
  return { workflow: applySettings(workflow, settings, config), sha, settings };
}

async function loadOrFail(
  files: RepoFiles,
  where: Where,
  name: string,
  config: OperatorConfig,
): Promise<Workflow> {
  const loaded = await loadNamed(files, name, loadOptionsOf(config));
  if (!loaded) {
    const known = await knownWorkflows(files);
    throw fail("AR_WORKFLOW_NOT_FOUND", {
      workflow: name,
      repo: `${where.owner}/${where.repo}`,
      known: known.length > 0 ? known.join(", ") : "none",
    });
  }
  if (!loaded.workflow) {
    throw fail("AR_WORKFLOW_INVALID", {
      workflow: name,
      problems: listProblems(loaded.problems),
    });
  }
  return loaded.workflow;
}

/** Problems as a Markdown list of `file:line:col: message`. */
export function listProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `- ${p.path}:${p.line}:${p.col}: ${p.message}`)
    .join("\n");
}
