import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fail } from "../errors.js";
import { readStateMarker, stripStatus } from "../github/markers.js";
import { ask, type RepoClient } from "./github-client.js";
import { parseStatusSection, type StepRow } from "./status-table.js";

type IssueData = RestEndpointMethodTypes["issues"]["get"]["response"]["data"];
export type CommentData =
  RestEndpointMethodTypes["issues"]["listComments"]["response"]["data"][number];

/** What the hidden state marker in a run's issue body holds. */
export interface RunState {
  run: number;
  workflow: string;
  sha: string;
  input: Record<string, unknown>;
  status: string;
}

/** A run as its issue shows it: the app's state marker and status table. */
export interface RunIssue {
  number: number;
  url: string;
  title: string;
  state: string;
  stateReason: string | null;
  labels: string[];
  requester: string;
  /** The issue body as the requester wrote it, without the status. */
  request: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  run: RunState;
  heading: string;
  workflowPath: string | undefined;
  steps: StepRow[];
}

/** Reads a run from its issue; undefined for an issue that is no run. */
export function readRunIssue(issue: IssueData): RunIssue | undefined {
  const body = issue.body ?? "";
  const marker = readStateMarker(body);
  const section = parseStatusSection(body);
  if (!marker || !section || issue.pull_request) return undefined;
  return {
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    state: issue.state,
    stateReason: issue.state_reason ?? null,
    labels: issue.labels.map((l) =>
      typeof l === "string" ? l : (l.name ?? ""),
    ),
    requester: section.requestedBy ?? issue.user?.login ?? "",
    request: stripStatus(body),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    run: stateOf(marker),
    ...section,
  };
}

function stateOf(marker: Record<string, unknown>): RunState {
  return {
    run: Number(marker["run"]),
    workflow: String(marker["workflow"] ?? ""),
    sha: String(marker["sha"] ?? ""),
    input: (marker["input"] ?? {}) as Record<string, unknown>,
    status: String(marker["status"] ?? ""),
  };
}

/** The run on issue `number`; fails when that issue holds no run. */
export async function getRunIssue(
  client: RepoClient,
  number: number,
): Promise<RunIssue> {
  const { octokit, owner, repo, slug } = client;
  const where = { owner, repo, issue_number: number };
  const { data } = await ask(`reading issue ${slug}#${number}`, () =>
    octokit.rest.issues.get(where),
  );
  const run = readRunIssue(data);
  if (run) return run;
  throw fail("AR_CLI_NOT_FOUND", {
    what: "run on issue",
    id: `${slug}#${number}`,
    hint: "That issue holds no status table written by approval-runner.",
  });
}

export interface ListOptions {
  /** Open issues only (default), or every issue. */
  state?: "open" | "all";
  /** Only issues carrying this label, e.g. `paused`. */
  label?: string;
  /** Only issues updated at or after this ISO time. */
  since?: string;
}

/** Every issue of the repository that holds a run, oldest first. */
export async function listRunIssues(
  client: RepoClient,
  options: ListOptions = {},
): Promise<RunIssue[]> {
  const { octokit, owner, repo, slug } = client;
  const issues = await ask(`listing the issues of ${slug}`, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: options.state ?? "open",
      direction: "asc",
      per_page: 100,
      ...(options.label ? { labels: options.label } : {}),
      ...(options.since ? { since: options.since } : {}),
    }),
  );
  return issues
    .flatMap((issue) => readRunIssue(issue) ?? [])
    .sort((a, b) => a.number - b.number);
}

/** The comments of a run's issue, oldest first. */
export function listComments(
  client: RepoClient,
  number: number,
): Promise<CommentData[]> {
  const { octokit, owner, repo, slug } = client;
  return ask(`reading the comments of ${slug}#${number}`, () =>
    octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    }),
  );
}
