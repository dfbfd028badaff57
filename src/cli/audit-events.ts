import { isAppComment } from "../github/app-user.js";
import { readCommentKey, readCommentText } from "../github/markers.js";
import type { CommentData, RunIssue } from "./runs.js";

/** One thing that happened to a run, as its issue records it. */
export interface AuditEvent {
  at: string;
  repo: string;
  issue: number;
  run: number;
  workflow: string;
  /** requested, comment (a person's), closed, or the app's comment kind */
  kind: string;
  actor?: string;
  /** The app's hidden key for its own comments. */
  key?: string;
  status?: string;
  input?: Record<string, unknown>;
  url?: string;
  text?: string;
}

/**
 * Every event of one run, oldest first: request, comments, closing. Only
 * comments by `appLogin` are the app's; anyone else's is a `comment`,
 * whatever markers its text holds.
 */
export function auditEvents(
  slug: string,
  run: RunIssue,
  comments: CommentData[],
  appLogin: string,
): AuditEvent[] {
  const base = {
    repo: slug,
    issue: run.number,
    run: run.run.run,
    workflow: run.run.workflow,
  };
  const requested: AuditEvent = {
    ...base,
    at: run.createdAt,
    kind: "requested",
    actor: run.requester,
    input: run.run.input,
    url: run.url,
    text: run.request,
  };
  const closed: AuditEvent[] = run.closedAt
    ? [{ ...base, at: run.closedAt, kind: "closed", status: run.run.status }]
    : [];
  const said = comments.map((c) => commentEvent(base, c, appLogin));
  return [requested, ...said, ...closed];
}

function commentEvent(
  base: Omit<AuditEvent, "at" | "kind">,
  comment: CommentData,
  appLogin: string,
): AuditEvent {
  const body = comment.body ?? "";
  const own = isAppComment(comment, appLogin);
  const key = own ? readCommentKey(body) : undefined;
  return {
    ...base,
    at: comment.created_at,
    kind: key ? kindOf(key) : "comment",
    actor: comment.user?.login ?? "ghost",
    ...(key ? { key } : {}),
    url: comment.html_url,
    text: own ? readCommentText(body) : body,
  };
}

const kinds: [RegExp, string][] = [
  [/^accepted$/, "accepted"],
  [/^step-\d+\/inquiry$/, "inquiry"],
  [/^step-\d+\/duo-link-/, "factor-link"],
  [/^step-\d+\/ssh$/, "action"],
  [/^step-\d+\/reminder$/, "reminder"],
  [/^step-\d+\/unknown$/, "outcome-unknown"],
  [/^answer-/, "answer"],
  [/^refused-/, "refused"],
  [/^finished$/, "finished"],
];

/** A readable kind for the app's comment keys; others are `app`. */
export function kindOf(key: string): string {
  return kinds.find(([pattern]) => pattern.test(key))?.[1] ?? "app";
}

/** Events at or after `since` (an ISO time). */
export function eventsSince(events: AuditEvent[], since?: string) {
  if (!since) return events;
  const from = Date.parse(since);
  return events.filter((e) => Date.parse(e.at) >= from);
}
