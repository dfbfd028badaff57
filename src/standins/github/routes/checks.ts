import {
  type CheckRunFields,
  createCheckRun,
  updateCheckRun,
} from "../model/checks.js";
import { resolveRef } from "../model/git.js";
import { checkRunObject } from "../rest/checks.js";
import { notFound, ok, validationFailed } from "./answers.js";
import { bodyOf, repoOf } from "./lookup.js";
import type { RouteHandler, RouteRequest } from "./types.js";

type CreateBody = CheckRunFields & { name: string; head_sha: string };

/** GitHub refuses a completed run without a conclusion. */
function missingConclusion(req: RouteRequest, fields: CheckRunFields) {
  if (fields.status !== "completed" || fields.conclusion) return undefined;
  return validationFailed(req.op, {
    resource: "CheckRun",
    field: "conclusion",
    code: "missing_field",
  });
}

export const createCheckRunRoute: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const fields = bodyOf<CreateBody>(req);
  const commit = resolveRef(repo, fields.head_sha);
  if (!commit || commit.sha !== fields.head_sha) {
    return validationFailed(req.op, {
      resource: "CheckRun",
      field: "head_sha",
      code: "invalid",
      message: `No commit found for SHA: ${fields.head_sha}`,
    });
  }
  const refused = missingConclusion(req, fields);
  if (refused) return refused;
  const run = createCheckRun(ctx.site.model, repo, commit.sha, fields);
  return ok(checkRunObject(ctx.site, run), 201);
};

export const updateCheckRunRoute: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  const id = Number(req.params["check_run_id"]);
  const run = ctx.site.model.checkRuns.get(id);
  if (!repo || run?.repo !== repo.name) return notFound(req.op);
  const fields = bodyOf<CheckRunFields>(req);
  const refused = missingConclusion(req, fields);
  if (refused) return refused;
  updateCheckRun(ctx.site.model, run, fields);
  return ok(checkRunObject(ctx.site, run));
};
