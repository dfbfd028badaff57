import type { CheckRun } from "../model/types.js";
import { repoApi, repoWeb, type Site } from "../site.js";
import { integration } from "./apps.js";
import { nodeId } from "./common.js";

/** A check run as the REST API serves it. */
export function checkRunObject(site: Site, run: CheckRun) {
  const api = `${repoApi(site, run.repo)}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url: api,
    html_url: `${repoWeb(site, run.repo)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${site.web}/apps/${site.appSlug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    name: run.name,
    // The stand-in keeps no check suites; one id per head commit will do.
    check_suite: { id: run.id },
    app: integration(site),
    pull_requests: [],
  };
}
