import type { Json } from "../spec.js";
import { dispatchEvent } from "../webhooks/payloads.js";
import { notFound } from "./answers.js";
import { bodyOf, repoOf } from "./lookup.js";
import type { RouteHandler } from "./types.js";

interface DispatchBody {
  event_type: string;
  client_payload?: Json;
}

/** 204, then the `repository_dispatch` webhook GitHub sends for it. */
export const createDispatch: RouteHandler = (ctx, req) => {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound(req.op);
  const input = bodyOf<DispatchBody>(req);
  const event = dispatchEvent(
    ctx.site,
    repo,
    req.actor,
    input.event_type,
    input.client_payload ?? {},
  );
  return { status: 204, events: [event] };
};
