import type { IssueChangeReport } from "../model/issues.js";
import type { Comment, Issue } from "../model/types.js";
import { labelObject } from "../rest/issues.js";
import type { Site } from "../site.js";
import type { Json } from "../spec.js";
import {
  issueCommentEvent,
  issuesEvent,
  type WebhookEvent,
} from "../webhooks/payloads.js";
import type { RouteContext } from "./types.js";

/** What happened to an issue in one request. */
export interface IssueHappenings {
  opened?: boolean;
  report?: IssueChangeReport;
  added?: string[];
  removed?: string[];
}

/**
 * The `issues` webhooks GitHub sends for these happenings, in its order.
 * Pull requests get `pull_request` events instead, which the stand-in
 * does not send for label or state changes.
 */
export function issueWebhooks(
  site: Site,
  issue: Issue,
  sender: string,
  what: IssueHappenings,
): WebhookEvent[] {
  if (issue.pull) return [];
  const event = (action: string, fields: Json = {}) =>
    issuesEvent(site, action, issue, sender, fields);
  const events: WebhookEvent[] = [];
  if (what.opened) events.push(event("opened"));
  const changes = editChanges(what.report);
  if (changes) events.push(event("edited", { changes }));
  if (what.report?.state) events.push(event(what.report.state));
  const repo = site.model.repo(issue.repo);
  for (const [action, names] of labelChanges(what)) {
    for (const name of names) {
      const label = repo.labels.get(name.toLowerCase());
      if (label)
        events.push(event(action, { label: labelObject(site, repo, label) }));
    }
  }
  return events;
}

function editChanges(report: IssueChangeReport | undefined) {
  if (!report?.title && !report?.body) return undefined;
  return {
    ...(report.title ? { title: report.title } : {}),
    ...(report.body ? { body: { from: report.body.from ?? "" } } : {}),
  };
}

function labelChanges(what: IssueHappenings): [string, string[]][] {
  return [
    ["labeled", what.added ?? []],
    ["unlabeled", what.removed ?? []],
  ];
}

/** Whether GitHub's webhooks for what `sender` did are sent. */
function echoes(ctx: RouteContext, sender: string): boolean {
  // A person's own token always makes webhooks, as on GitHub.
  return ctx.echoAppEvents || sender !== ctx.site.model.bot;
}

/** Issue changes made over HTTP; the app's own are echoed if so set. */
export function issueEvents(
  ctx: RouteContext,
  issue: Issue,
  sender: string,
  what: IssueHappenings,
): WebhookEvent[] {
  if (!echoes(ctx, sender)) return [];
  return issueWebhooks(ctx.site, issue, sender, what);
}

/** Comment changes made over HTTP; the app's own are echoed if so set. */
export function commentEvents(
  ctx: RouteContext,
  action: "created" | "edited" | "deleted",
  comment: Comment,
  sender: string,
  fields: Json = {},
): WebhookEvent[] {
  if (!echoes(ctx, sender)) return [];
  return [issueCommentEvent(ctx.site, action, comment, sender, fields)];
}
