import type { Issue, Repo } from "../model/types.js";
import type { RouteContext, RouteRequest } from "./types.js";

/** The repository a request names, if the stand-in has it. */
export function repoOf(ctx: RouteContext, req: RouteRequest): Repo | undefined {
  const { owner = "", repo = "" } = req.params;
  return ctx.site.model.findRepo(owner, repo);
}

/** The issue (or pull request) a request names by `issue_number`. */
export function issueOf(
  ctx: RouteContext,
  req: RouteRequest,
  key = "issue_number",
): { repo: Repo; issue: Issue } | undefined {
  const repo = repoOf(ctx, req);
  const issue = repo?.issues.get(Number(req.params[key]));
  return repo && issue ? { repo, issue } : undefined;
}

/** The request body as an object (the spec check already ran). */
export function bodyOf<T>(req: RouteRequest): T {
  return (req.body ?? {}) as T;
}
