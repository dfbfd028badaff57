import { listDir, resolveRef } from "../model/git.js";
import { contentDirectory, contentFile } from "../rest/contents.js";
import { branchObject, commitObject, fullRepository } from "../rest/repos.js";
import { errorAnswer, notFound, ok } from "./answers.js";
import { repoOf } from "./lookup.js";
import type { RouteHandler } from "./types.js";

export const getRepo: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  return repo ? ok(fullRepository(ctx.site, repo)) : notFound(req.op);
};

export const getBranch: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  const name = req.params["branch"] ?? "";
  const sha = repo?.branches.get(name);
  const commit = sha ? repo?.commits.get(sha) : undefined;
  if (!repo || !commit) {
    return repo
      ? errorAnswer(404, "Branch not found", req.op)
      : notFound(req.op);
  }
  return ok(branchObject(ctx.site, repo, name, commit));
};

export const getCommit: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const ref = req.params["ref"] ?? "";
  const commit = resolveRef(repo, ref);
  if (!commit) {
    return errorAnswer(422, `No commit found for SHA: ${ref}`, req.op);
  }
  return ok(commitObject(ctx.site, repo, commit));
};

export const getContent: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const ref = req.query.get("ref") ?? repo.defaultBranch;
  const commit = resolveRef(repo, ref);
  if (!commit) {
    return errorAnswer(404, `No commit found for the ref ${ref}`, req.op);
  }
  const path = (req.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
  if (commit.tree.has(path)) {
    return ok(contentFile(ctx.site, repo, commit, path));
  }
  const entries = listDir(commit.tree, path);
  if (!entries) return notFound(req.op);
  return ok(contentDirectory(ctx.site, repo, commit, entries));
};
