import { addLabels, removeLabel, setLabels } from "../model/issues.js";
import type { Issue, Repo } from "../model/types.js";
import { labelByName } from "../rest/issues.js";
import { errorAnswer, notFound } from "./answers.js";
import { issueEvents } from "./echo.js";
import { labelNames } from "./issues.js";
import { issueOf } from "./lookup.js";
import type { RouteContext, RouteHandler } from "./types.js";

type LabelInput = string | { name: string };

/** Names from any body form GitHub accepts for labels. */
function namesOf(body: unknown): string[] {
  if (typeof body === "string") return [body];
  if (Array.isArray(body)) return labelNames(body as LabelInput[]);
  return labelNames((body as { labels?: LabelInput[] } | undefined)?.labels);
}

function labelsOf(ctx: RouteContext, repo: Repo, issue: Issue) {
  return issue.labels.map((name) => labelByName(ctx.site, repo, name));
}

export const addLabelsRoute: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const names = namesOf(req.body);
  const { repo, issue } = found;
  const added = addLabels(ctx.site.model, repo, issue, names);
  const events = issueEvents(ctx, issue, req.actor, { added });
  return { status: 200, body: labelsOf(ctx, repo, issue), events };
};

export const setLabelsRoute: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const names = namesOf(req.body);
  const { repo, issue } = found;
  const changed = setLabels(ctx.site.model, repo, issue, names);
  const events = issueEvents(ctx, issue, req.actor, changed);
  return { status: 200, body: labelsOf(ctx, repo, issue), events };
};

export const removeLabelRoute: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const { repo, issue } = found;
  const name = req.params["name"] ?? "";
  const label = repo.labels.get(name.toLowerCase());
  if (!label || !removeLabel(issue, name)) {
    return errorAnswer(404, "Label does not exist", req.op);
  }
  const events = issueEvents(ctx, issue, req.actor, { removed: [label.name] });
  return { status: 200, body: labelsOf(ctx, repo, issue), events };
};
