import { installation, installationToken, integration } from "../rest/apps.js";
import { notFound, ok } from "./answers.js";
import { repoOf } from "./lookup.js";
import type { RouteHandler, RouteRequest } from "./types.js";

function isOurInstallation(req: RouteRequest, id: number): boolean {
  return Number(req.params["installation_id"]) === id;
}

export const getApp: RouteHandler = (ctx) => ok(integration(ctx.site));

export const getInstallation: RouteHandler = (ctx, req) =>
  isOurInstallation(req, ctx.site.installationId)
    ? ok(installation(ctx.site))
    : notFound(req.op);

export const getRepoInstallation: RouteHandler = (ctx, req) =>
  repoOf(ctx, req) ? ok(installation(ctx.site)) : notFound(req.op);

export const createAccessToken: RouteHandler = (ctx, req) => {
  const id = ctx.site.installationId;
  if (!isOurInstallation(req, id)) return notFound(req.op);
  const minted = ctx.tokens.mint(id, Date.now());
  return ok(installationToken(minted.token, minted.expiresAt), 201);
};
