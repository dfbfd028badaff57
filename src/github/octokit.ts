import type { ProbotOctokit } from "probot";

/** An installation-authenticated Octokit, as Probot hands it out. */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Where a run lives on GitHub. */
export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Whether GitHub may have acted although the call failed. */
export function mayHaveActed(err: unknown): boolean {
  const status = statusOf(err);
  return status === undefined || status >= 500;
}
