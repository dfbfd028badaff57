import {
  addComment,
  addReaction,
  commentsOf,
  editComment,
} from "../model/comments.js";
import type { Comment } from "../model/types.js";
import { paginate } from "../pagination.js";
import { commentObject, reactionObject } from "../rest/issues.js";
import { notFound, ok } from "./answers.js";
import { commentEvents } from "./echo.js";
import { linkOf } from "./issues.js";
import { checkBodyLength } from "./limits.js";
import { bodyOf, issueOf, repoOf } from "./lookup.js";
import type { RouteContext, RouteHandler, RouteRequest } from "./types.js";

export const listComments: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const since = req.query.get("since");
  const all = commentsOf(ctx.site.model, found.issue).filter(
    (comment) => !since || comment.updatedAt >= since,
  );
  const page = paginate(all, req.url);
  const body = page.items.map((comment) => commentObject(ctx.site, comment));
  return { status: 200, body, headers: linkOf(page.link) };
};

export const createComment: RouteHandler = (ctx, req) => {
  const found = issueOf(ctx, req);
  if (!found) return notFound(req.op);
  const { body } = bodyOf<{ body: string }>(req);
  const tooLong = checkBodyLength(req.op, "IssueComment", body);
  if (tooLong) return tooLong;
  const comment = addComment(ctx.site.model, found.issue, req.actor, body);
  const events = commentEvents(ctx, "created", comment, req.actor);
  return { status: 201, body: commentObject(ctx.site, comment), events };
};

/** The comment a request names by `comment_id`, in the named repo. */
function commentOf(ctx: RouteContext, req: RouteRequest): Comment | undefined {
  const repo = repoOf(ctx, req);
  const comment = ctx.site.model.comments.get(Number(req.params["comment_id"]));
  return repo && comment?.repo === repo.name ? comment : undefined;
}

export const getComment: RouteHandler = (ctx, req) => {
  const comment = commentOf(ctx, req);
  return comment ? ok(commentObject(ctx.site, comment)) : notFound(req.op);
};

export const updateComment: RouteHandler = (ctx, req) => {
  const comment = commentOf(ctx, req);
  if (!comment) return notFound(req.op);
  const { body } = bodyOf<{ body: string }>(req);
  const tooLong = checkBodyLength(req.op, "IssueComment", body);
  if (tooLong) return tooLong;
  const from = editComment(ctx.site.model, comment, body);
  const changes = { changes: { body: { from } } };
  const events = commentEvents(ctx, "edited", comment, req.actor, changes);
  return { status: 200, body: commentObject(ctx.site, comment), events };
};

export const deleteComment: RouteHandler = (ctx, req) => {
  const comment = commentOf(ctx, req);
  if (!comment) return notFound(req.op);
  // The payload shows the comment as it was, so build it first.
  const events = commentEvents(ctx, "deleted", comment, req.actor);
  ctx.site.model.comments.delete(comment.id);
  return { status: 204, events };
};

export const reactToComment: RouteHandler = (ctx, req) => {
  const comment = commentOf(ctx, req);
  if (!comment) return notFound(req.op);
  const { content } = bodyOf<{ content: string }>(req);
  const { model } = ctx.site;
  const made = addReaction(model, comment, req.actor, content);
  const body = reactionObject(ctx.site, made.reaction);
  return ok(body, made.created ? 201 : 200);
};
