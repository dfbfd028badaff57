/** A role on a repository, strongest first, as GitHub names them. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read";

export type UserType = "User" | "Bot" | "Organization";

export interface User {
  readonly id: number;
  readonly login: string;
  readonly type: UserType;
}

export interface Label {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

export type IssueState = "open" | "closed";
export type StateReason =
  | "completed"
  | "not_planned"
  | "reopened"
  | "duplicate";

/** An issue; a pull request is an issue with `pull` set. */
export interface Issue {
  readonly id: number;
  readonly repo: string;
  readonly number: number;
  readonly author: string;
  readonly createdAt: string;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason | null;
  labels: string[];
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  pull?: PullRequest;
}

export interface PullRequest {
  readonly id: number;
  readonly head: string;
  readonly base: string;
  headSha: string;
  baseSha: string;
}

export interface Reaction {
  readonly id: number;
  readonly user: string;
  readonly content: string;
  readonly createdAt: string;
}

export interface Comment {
  readonly id: number;
  readonly repo: string;
  readonly issueNumber: number;
  readonly author: string;
  readonly createdAt: string;
  body: string;
  updatedAt: string;
  reactions: Reaction[];
}

export interface CheckRun {
  readonly id: number;
  readonly repo: string;
  readonly headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: CheckOutput;
}

export interface CheckOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: Record<string, unknown>[];
}

/** A commit: its tree is its parent's tree plus the changes it made. */
export interface Commit {
  readonly sha: string;
  readonly parent: string | null;
  readonly tree: ReadonlyMap<string, string>;
  readonly message: string;
  readonly author: string;
  readonly date: string;
}

export interface Repo {
  readonly id: number;
  readonly name: string;
  readonly owner: string;
  readonly createdAt: string;
  readonly defaultBranch: string;
  readonly private: boolean;
  readonly branches: Map<string, string>;
  readonly commits: Map<string, Commit>;
  readonly collaborators: Map<string, Permission>;
  /** Keyed by lower-case name: GitHub label names ignore case. */
  readonly labels: Map<string, Label>;
  readonly issues: Map<number, Issue>;
  nextNumber: number;
}
