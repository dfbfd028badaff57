import type { Model } from "./store.js";
import type { Comment, Issue, Reaction } from "./types.js";

/** Adds a comment to an issue and counts it on the issue. */
export function addComment(
  model: Model,
  issue: Issue,
  author: string,
  body: string,
): Comment {
  const now = model.now();
  const comment: Comment = {
    id: model.nextId("comment"),
    repo: issue.repo,
    issueNumber: issue.number,
    author: model.user(author).login,
    createdAt: now,
    updatedAt: now,
    body,
    reactions: [],
  };
  model.comments.set(comment.id, comment);
  return comment;
}

/** Changes a comment's body; returns the body it had. */
export function editComment(
  model: Model,
  comment: Comment,
  body: string,
): string {
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = model.now();
  return from;
}

/** The comments of one issue, oldest first. */
export function commentsOf(model: Model, issue: Issue): Comment[] {
  return [...model.comments.values()].filter(
    (c) => c.repo === issue.repo && c.issueNumber === issue.number,
  );
}

/**
 * Adds a reaction; GitHub keeps one per user and content and answers
 * a repeat with the existing one.
 */
export function addReaction(
  model: Model,
  comment: Comment,
  user: string,
  content: string,
): { reaction: Reaction; created: boolean } {
  const existing = comment.reactions.find(
    (r) => r.user === user && r.content === content,
  );
  if (existing) return { reaction: existing, created: false };
  const reaction = {
    id: model.nextId("reaction"),
    user,
    content,
    createdAt: model.now(),
  };
  comment.reactions.push(reaction);
  return { reaction, created: true };
}
