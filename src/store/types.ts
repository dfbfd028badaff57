import type { TaskOutcome } from "../workflow/types.js";

export type RunStatus =
  | "running"
  | "paused"
  | "succeeded"
  | "failed"
  | "denied"
  | "expired"
  | "cancelled"
  | "unknown";

export const finishedStatuses: readonly RunStatus[] = [
  "succeeded",
  "failed",
  "denied",
  "expired",
  "cancelled",
];

export interface RunRecord {
  id: number;
  owner: string;
  repo: string;
  installationId: number;
  issueNumber: number;
  workflow: string;
  workflowPath: string;
  workflowSha: string;
  /** The workflow file's text at workflowSha: what was approved. */
  workflowSource: string;
  input: Record<string, unknown>;
  ctx: Record<string, unknown>;
  outcomes: Record<string, TaskOutcome>;
  status: RunStatus;
  requesterId: number;
  requesterLogin: string;
  requestBody: string;
  createdAt: number;
  finishedAt: number | null;
}

export type StepStatus =
  | "scheduled"
  | "running"
  | "paused"
  | "succeeded"
  | "failed"
  | "unknown"
  | "abandoned";

export interface StepRecord {
  id: number;
  runId: number;
  task: string;
  action: string;
  status: StepStatus;
  input: unknown;
  result: unknown;
  note: string | null;
  actor: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface Approvers {
  users: string[];
  teams: string[];
  roles: string[];
  allowRequester: boolean;
}

/** What an open inquiry asks, fixed when it is opened. */
export interface InquirySpec {
  route: string;
  approvers: Approvers;
  schema: Record<string, unknown>;
  /** For a factor inquiry: the people who must confirm, by user id. */
  confirmers?: { id: number; login: string }[];
  factor?: string;
  ttlMinutes?: number;
}

export type InquiryStatus =
  | "open"
  | "answered"
  | "denied"
  | "expired"
  | "cancelled";

export interface InquiryRecord {
  id: number;
  runId: number;
  stepId: number;
  task: string;
  kind: "ask" | "factor";
  spec: InquirySpec;
  approvals: number;
  deadline: number;
  reminded: boolean;
  commentId: number | null;
  status: InquiryStatus;
}

export interface ResponseRecord {
  id: number;
  inquiryId: number;
  userId: number;
  login: string;
  commentId: number;
  bodyHash: string;
  response: Record<string, unknown>;
  receipt: string;
  at: number;
}

export interface EventRecord {
  id: number;
  runId: number;
  at: number;
  kind: string;
  data: Record<string, unknown>;
}

/** A reply or command received for a run, waiting for its turn. */
export interface InboxRecord {
  id: number;
  deliveryId: string;
  runId: number;
  data: Record<string, unknown>;
  attempts: number;
  at: number;
}

/** An outside effect the app meant to make, and where it stands. */
export interface EffectRecord {
  key: string;
  runId: number;
  state: string;
  result: unknown;
}
