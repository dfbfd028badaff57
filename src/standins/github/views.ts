import { commentsOf } from "./model/comments.js";
import type { CheckRun, Comment, Issue, Model } from "./model/index.js";

/** An issue or pull request as a test reads it. */
export interface IssueView {
  readonly number: number;
  readonly id: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: "open" | "closed";
  readonly stateReason: string | null;
  readonly labels: string[];
  readonly author: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly isPullRequest: boolean;
  /** Head branch and commit, for pull requests. */
  readonly head?: { readonly ref: string; readonly sha: string };
}

/** A comment as a test reads it. */
export interface CommentView {
  readonly id: number;
  readonly issueNumber: number;
  readonly body: string;
  readonly author: string;
  readonly authorType: "User" | "Bot" | "Organization";
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reactions: string[];
}

/** A check run as a test reads it, with every annotation sent. */
export interface CheckRunView {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly title: string | null;
  readonly summary: string | null;
  readonly text: string | null;
  readonly annotations: Record<string, unknown>[];
}

export function viewIssue(issue: Issue): IssueView {
  return {
    number: issue.number,
    id: issue.id,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    labels: [...issue.labels],
    author: issue.author,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    isPullRequest: issue.pull !== undefined,
    ...(issue.pull
      ? { head: { ref: issue.pull.head, sha: issue.pull.headSha } }
      : {}),
  };
}

export function viewComment(model: Model, comment: Comment): CommentView {
  return {
    id: comment.id,
    issueNumber: comment.issueNumber,
    body: comment.body,
    author: comment.author,
    authorType: model.user(comment.author).type,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    reactions: comment.reactions.map((r) => r.content),
  };
}

export function viewCheckRun(run: CheckRun): CheckRunView {
  return {
    id: run.id,
    name: run.name,
    headSha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    annotations: run.output.annotations.map((a) => ({ ...a })),
  };
}

/** An issue of a repository by number, if there is one. */
export function findIssue(
  model: Model,
  repo: string,
  number: number,
): Issue | undefined {
  return model.repo(repo).issues.get(number);
}

/** The comments of an issue, oldest first; none for an unknown issue. */
export function issueComments(
  model: Model,
  repo: string,
  number: number,
): CommentView[] {
  const issue = findIssue(model, repo, number);
  if (!issue) return [];
  return commentsOf(model, issue).map((c) => viewComment(model, c));
}

/** The check runs of a repository, oldest first. */
export function repoCheckRuns(model: Model, repo: string): CheckRunView[] {
  const name = model.repo(repo).name;
  return [...model.checkRuns.values()]
    .filter((run) => run.repo === name)
    .map(viewCheckRun);
}
