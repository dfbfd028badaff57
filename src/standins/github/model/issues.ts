import type { Model } from "./store.js";
import type {
  Issue,
  IssueState,
  Label,
  PullRequest,
  Repo,
  StateReason,
} from "./types.js";

export interface NewIssue {
  title: string;
  body?: string | null | undefined;
  labels?: string[] | undefined;
}

/** Opens an issue (or, with `pull`, a pull request) in a repository. */
export function createIssue(
  model: Model,
  repo: Repo,
  author: string,
  fields: NewIssue & { pull?: PullRequest },
): Issue {
  const now = model.now();
  const issue: Issue = {
    id: model.nextId("issue"),
    repo: repo.name,
    number: repo.nextNumber++,
    author: model.user(author).login,
    createdAt: now,
    updatedAt: now,
    title: fields.title,
    body: fields.body ?? null,
    state: "open",
    stateReason: null,
    labels: [],
    closedAt: null,
    closedBy: null,
  };
  if (fields.pull) issue.pull = fields.pull;
  repo.issues.set(issue.number, issue);
  addLabels(model, repo, issue, fields.labels ?? []);
  return issue;
}

export interface IssueChanges {
  title?: string | undefined;
  body?: string | null | undefined;
  state?: IssueState | undefined;
  stateReason?: StateReason | null | undefined;
}

/** What an update changed, as webhooks report it. */
export interface IssueChangeReport {
  title?: { from: string };
  body?: { from: string | null };
  state?: "closed" | "reopened";
}

/** Applies an edit; closing and reopening follow GitHub's rules. */
export function updateIssue(
  model: Model,
  issue: Issue,
  actor: string,
  changes: IssueChanges,
): IssueChangeReport {
  const report: IssueChangeReport = {};
  if (changes.title !== undefined && changes.title !== issue.title) {
    report.title = { from: issue.title };
    issue.title = changes.title;
  }
  if (changes.body !== undefined && changes.body !== issue.body) {
    report.body = { from: issue.body };
    issue.body = changes.body;
  }
  const state = changeState(model, issue, actor, changes);
  if (state) report.state = state;
  issue.updatedAt = model.now();
  return report;
}

function changeState(
  model: Model,
  issue: Issue,
  actor: string,
  changes: IssueChanges,
): IssueChangeReport["state"] {
  if (!changes.state || changes.state === issue.state) return undefined;
  issue.state = changes.state;
  if (changes.state === "closed") {
    issue.closedAt = model.now();
    issue.closedBy = actor;
    issue.stateReason = changes.stateReason ?? "completed";
    return "closed";
  }
  issue.closedAt = null;
  issue.closedBy = null;
  issue.stateReason = "reopened";
  return "reopened";
}

/** The repository's label of that name, created on first use. */
export function ensureLabel(model: Model, repo: Repo, name: string): Label {
  const key = name.toLowerCase();
  let label = repo.labels.get(key);
  if (!label) {
    // GitHub gives labels it creates implicitly this grey.
    label = {
      id: model.nextId("label"),
      name,
      color: "ededed",
      description: null,
    };
    repo.labels.set(key, label);
  }
  return label;
}

/** Adds labels the issue lacks; returns the names it added. */
export function addLabels(
  model: Model,
  repo: Repo,
  issue: Issue,
  names: string[],
): string[] {
  const added: string[] = [];
  for (const name of names) {
    const label = ensureLabel(model, repo, name);
    if (hasLabel(issue, label.name)) continue;
    issue.labels.push(label.name);
    added.push(label.name);
  }
  return added;
}

/** Removes a label; false when the issue did not have it. */
export function removeLabel(issue: Issue, name: string): boolean {
  const index = issue.labels.findIndex(
    (label) => label.toLowerCase() === name.toLowerCase(),
  );
  if (index < 0) return false;
  issue.labels.splice(index, 1);
  return true;
}

/** Replaces the labels; returns which names were added and removed. */
export function setLabels(
  model: Model,
  repo: Repo,
  issue: Issue,
  names: string[],
) {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const removed = issue.labels.filter((l) => !wanted.has(l.toLowerCase()));
  for (const name of removed) removeLabel(issue, name);
  const added = addLabels(model, repo, issue, names);
  return { added, removed };
}

function hasLabel(issue: Issue, name: string): boolean {
  return issue.labels.some((l) => l.toLowerCase() === name.toLowerCase());
}
