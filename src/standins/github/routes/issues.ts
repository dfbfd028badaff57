import {
  createIssue,
  type IssueChanges,
  setLabels,
  updateIssue,
} from "../model/issues.js";
import type { Issue, IssueState, StateReason } from "../model/types.js";
import { paginate } from "../pagination.js";
import { issueObject } from "../rest/issues.js";
import { notFound, ok, validationFailed } from "./answers.js";
import { issueEvents } from "./echo.js";
import { checkBodyLength } from "./limits.js";
import { bodyOf, issueOf, repoOf } from "./lookup.js";
import type { RouteHandler, RouteRequest } from "./types.js";

type LabelInput = string | { name: string };

interface IssueBody {
  title?: string | number | null;
  body?: string | null;
  state?: IssueState;
  state_reason?: StateReason | null;
  labels?: LabelInput[];
}

/** Label names from GitHub's accepted forms: names or `{ name }`. */
export function labelNames(labels: LabelInput[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === "string" ? l : l.name));
}

export const listIssues: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const matching = [...repo.issues.values()].filter(filterOf(req));
  const direction = req.query.get("direction") === "asc" ? 1 : -1;
  matching.sort((a, b) => direction * (a.number - b.number));
  const page = paginate(matching, req.url);
  const body = page.items.map((issue) => issueObject(ctx.site, issue));
  return { status: 200, body, headers: linkOf(page.link) };
};

function filterOf(req: RouteRequest): (issue: Issue) => boolean {
  const state = req.query.get("state") ?? "open";
  const creator = req.query.get("creator")?.toLowerCase();
  const labels = (req.query.get("labels") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return (issue) =>
    (state === "all" || issue.state === state) &&
    (!creator || issue.author.toLowerCase() === creator) &&
    labels.every((name) =>
      issue.labels.some((label) => label.toLowerCase() === name),
    );
}

/** A `Link` header, when there is one to send. */
export function linkOf(link: string | undefined): Record<string, string> {
  return link ? { link } : {};
}

export const createIssueRoute: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const input = bodyOf<IssueBody>(req);
  const title = String(input.title ?? "").trim();
  if (!title) {
    return validationFailed(req.op, {
      resource: "Issue",
      field: "title",
      code: "missing_field",
    });
  }
  const tooLong = checkBodyLength(req.op, "Issue", input.body);
  if (tooLong) return tooLong;
  const issue = createIssue(ctx.site.model, repo, req.actor, {
    title,
    body: input.body,
    labels: labelNames(input.labels),
  });
  const events = issueEvents(ctx, issue, req.actor, {
    opened: true,
    added: issue.labels,
  });
  return { status: 201, body: issueObject(ctx.site, issue), events };
};

export const getIssue: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  return found ? ok(issueObject(ctx.site, found.issue)) : notFound(req.op);
};

export const updateIssueRoute: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const input = bodyOf<IssueBody>(req);
  const tooLong = checkBodyLength(req.op, "Issue", input.body);
  if (tooLong) return tooLong;
  const { model } = ctx.site;
  const report = updateIssue(model, found.issue, req.actor, changesOf(input));
  const labels = input.labels
    ? setLabels(model, found.repo, found.issue, labelNames(input.labels))
    : { added: [], removed: [] };
  const events = issueEvents(ctx, found.issue, req.actor, {
    report,
    ...labels,
  });
  return { status: 200, body: issueObject(ctx.site, found.issue), events };
};

function changesOf(input: IssueBody): IssueChanges {
  return {
    title:
      input.title === undefined || input.title === null
        ? undefined
        : String(input.title),
    body: input.body,
    state: input.state,
    stateReason: input.state_reason,
  };
}
