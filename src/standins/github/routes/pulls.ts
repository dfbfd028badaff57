import { paginate } from "../pagination.js";
import { changedFiles, pullRequestObject } from "../rest/pulls.js";
import { diffEntry } from "../rest/repos.js";
import { notFound, ok } from "./answers.js";
import { linkOf } from "./issues.js";
import { issueOf, repoOf } from "./lookup.js";
import type { RouteHandler } from "./types.js";

export const getPull: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req, "pull_number");
  if (!found?.issue.pull) return notFound(req.op);
  return ok(pullRequestObject(ctx.site, found.issue));
};

export const listPullFiles: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req, "pull_number");
  const pull = found?.issue.pull;
  if (!found || !pull) return notFound(req.op);
  const page = paginate(changedFiles(found.repo, pull), req.url);
  const body = page.items.map((change) =>
    diffEntry(ctx.site, found.repo, change, pull.headSha),
  );
  return { status: 200, body, headers: linkOf(page.link) };
};

/** Pull requests of a repository, newest first, by state (open unless set). */
export const listPulls: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const state = req.query.get("state") ?? "open";
  const matching = [...repo.issues.values()]
    .filter((issue) => issue.pull && (state === "all" || issue.state === state))
    .sort((a, b) => b.number - a.number);
  const page = paginate(matching, req.url);
  const body = page.items.map((issue) => pullRequestObject(ctx.site, issue));
  return { status: 200, body, headers: linkOf(page.link) };
};
