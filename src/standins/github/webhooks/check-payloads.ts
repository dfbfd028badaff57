import type { CheckRun, Issue, Repo } from "../model/types.js";
import { integration } from "../rest/apps.js";
import { checkRunObject } from "../rest/checks.js";
import { repoApi, type Site } from "../site.js";
import { isObject, type Json } from "../spec.js";
import { webhookExample } from "./examples.js";
import { type WebhookEvent, webhookPayload } from "./payloads.js";

/** Who a rerequest is about, when not the stand-in's own app. */
export interface RerequestOptions {
  /** Lists no pull request, as GitHub does for one from a fork. */
  fromFork?: boolean;
  /** The app the run or suite belongs to; the stand-in's app if unset. */
  app?: { id: number; slug: string };
}

/** `check_run.rerequested`: someone pressed "Re-run" on a check run. */
export function checkRunRerequestedEvent(
  site: Site,
  run: CheckRun,
  sender: string,
  options: RerequestOptions = {},
): WebhookEvent {
  const repo = site.model.repo(run.repo);
  const suite = suiteObject(site, repo, run.headSha, options);
  const example = webhookExample("check_run", "rerequested");
  const under = isObject(example["check_run"]) ? example["check_run"] : {};
  const checkRun = {
    ...under,
    ...checkRunObject(site, run),
    // Webhooks carry "" where the REST API says null.
    external_id: run.externalId ?? "",
    check_suite: suite,
    app: suite["app"],
    pull_requests: suite["pull_requests"],
  };
  const action = "rerequested";
  const fields = { check_run: checkRun };
  return webhookPayload(site, "check_run", { action, repo, sender, fields });
}

/** `check_suite.rerequested`: "Re-run all checks" of a commit. */
export function checkSuiteRerequestedEvent(
  site: Site,
  repo: Repo,
  headSha: string,
  sender: string,
  options: RerequestOptions = {},
): WebhookEvent {
  const example = webhookExample("check_suite", "rerequested");
  const under = isObject(example["check_suite"]) ? example["check_suite"] : {};
  const suite = { ...under, ...suiteObject(site, repo, headSha, options) };
  const action = "rerequested";
  const fields = { check_suite: suite };
  return webhookPayload(site, "check_suite", { action, repo, sender, fields });
}

// The stand-in keeps no suites: one per head commit, with the commit's
// first check run's id, or the commit's position when it has none.
function suiteObject(
  site: Site,
  repo: Repo,
  headSha: string,
  options: RerequestOptions,
): Json {
  const pulls = options.fromFork ? [] : pullsWith(repo, headSha);
  const app = { ...integration(site), ...options.app };
  const id = suiteId(site, repo, headSha);
  return {
    id,
    node_id: `CS_${id}`,
    head_branch: pulls[0]?.pull?.head ?? null,
    head_sha: headSha,
    status: "completed",
    conclusion: "failure",
    url: `${repoApi(site, repo.name)}/check-suites/${id}`,
    before: repo.commits.get(headSha)?.parent ?? null,
    after: headSha,
    pull_requests: pulls.map((issue) => pullRef(site, repo, issue)),
    app,
    created_at: site.model.now(),
    updated_at: site.model.now(),
  };
}

function suiteId(site: Site, repo: Repo, headSha: string): number {
  const runs = [...site.model.checkRuns.values()];
  const first = runs.find((r) => r.repo === repo.name && r.headSha === headSha);
  return first?.id ?? [...repo.commits.keys()].indexOf(headSha) + 1;
}

/** Open pull requests whose head branch holds the commit, as GitHub lists. */
function pullsWith(repo: Repo, sha: string): Issue[] {
  return [...repo.issues.values()].filter(
    (issue) =>
      issue.state === "open" &&
      issue.pull !== undefined &&
      holds(repo, issue.pull.headSha, sha),
  );
}

function holds(repo: Repo, head: string, sha: string): boolean {
  for (let at = repo.commits.get(head); at; ) {
    if (at.sha === sha) return true;
    at = at.parent ? repo.commits.get(at.parent) : undefined;
  }
  return false;
}

/** A pull request as check payloads list it: number, head and base. */
function pullRef(site: Site, repo: Repo, issue: Issue) {
  const api = repoApi(site, repo.name);
  const where = { id: repo.id, url: api, name: repo.name };
  const pull = issue.pull;
  return {
    url: `${api}/pulls/${issue.number}`,
    id: pull?.id ?? issue.id,
    number: issue.number,
    head: { ref: pull?.head, sha: pull?.headSha, repo: where },
    base: { ref: pull?.base, sha: pull?.baseSha, repo: where },
  };
}
