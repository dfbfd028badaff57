import { fail } from "../../errors.js";
import { addComment, editComment } from "./model/comments.js";
import { commitFiles, type FileChanges } from "./model/git.js";
import { createIssue, type IssueChanges, updateIssue } from "./model/issues.js";
import type { Comment, Issue, Repo } from "./model/types.js";
import { issueWebhooks } from "./routes/echo.js";
import { maxBodyChars } from "./routes/limits.js";
import type { Site } from "./site.js";
import type { Json } from "./spec.js";
import {
  dispatchEvent,
  issueCommentEvent,
  pullRequestEvent,
  type WebhookEvent,
} from "./webhooks/payloads.js";
import type { DeliveryResult } from "./webhooks/sender.js";

/** What acting as a person needs: the model and a way to deliver. */
export interface Stage {
  readonly site: Site;
  readonly defaultRepo: string;
  deliver(events: WebhookEvent[]): Promise<DeliveryResult[]>;
}

/** Names a repository other than the stand-in's first one. */
export interface InRepo {
  repo?: string;
}

function repoFor(stage: Stage, options: InRepo = {}): Repo {
  return stage.site.model.repo(options.repo ?? stage.defaultRepo);
}

function issueIn(repo: Repo, number: number): Issue {
  const issue = repo.issues.get(number);
  if (issue) return issue;
  const known = [...repo.issues.keys()].join(", ") || "none";
  throw fail("AR_STANDIN_UNKNOWN", {
    kind: `issue in ${repo.name}`,
    name: `#${number}`,
    known,
  });
}

function commentById(stage: Stage, id: number): Comment {
  const comment = stage.site.model.comments.get(id);
  if (comment) return comment;
  throw fail("AR_STANDIN_UNKNOWN", {
    kind: "comment",
    name: String(id),
    known: "see comments(number)",
  });
}

/** People cannot post past GitHub's limit; deliver() raw payloads can. */
function checkLength(call: string, body: string | null | undefined) {
  if (typeof body !== "string" || [...body].length <= maxBodyChars) return;
  throw fail("AR_STANDIN_USAGE", {
    call,
    problem: `GitHub refuses bodies over ${maxBodyChars} characters`,
  });
}

/** `login` opens an issue: issues.opened, then one labeled per label. */
export async function openIssue(
  stage: Stage,
  login: string,
  fields: { title: string; body: string; labels?: string[] } & InRepo,
): Promise<Issue> {
  checkLength("openIssue", fields.body);
  const { model } = stage.site;
  const issue = createIssue(model, repoFor(stage, fields), login, fields);
  const sender = model.user(login).login;
  const what = { opened: true, added: issue.labels };
  await stage.deliver(issueWebhooks(stage.site, issue, sender, what));
  return issue;
}

/** `login` comments on an issue or pull request: issue_comment.created. */
export async function comment(
  stage: Stage,
  login: string,
  number: number,
  body: string,
  options: InRepo = {},
): Promise<Comment> {
  checkLength("comment", body);
  const issue = issueIn(repoFor(stage, options), number);
  const made = addComment(stage.site.model, issue, login, body);
  const event = issueCommentEvent(stage.site, "created", made, made.author);
  await stage.deliver([event]);
  return made;
}

/** `login` edits a comment: issue_comment.edited with the old body. */
export async function editCommentAs(
  stage: Stage,
  login: string,
  id: number,
  body: string,
): Promise<Comment> {
  checkLength("editComment", body);
  const target = commentById(stage, id);
  const from = editComment(stage.site.model, target, body);
  const sender = stage.site.model.user(login).login;
  const changes = { changes: { body: { from } } };
  const site = stage.site;
  await stage.deliver([
    issueCommentEvent(site, "edited", target, sender, changes),
  ]);
  return target;
}

/** `login` deletes a comment: issue_comment.deleted. */
export async function deleteCommentAs(
  stage: Stage,
  login: string,
  id: number,
): Promise<void> {
  const target = commentById(stage, id);
  const sender = stage.site.model.user(login).login;
  const event = issueCommentEvent(stage.site, "deleted", target, sender);
  stage.site.model.comments.delete(id);
  await stage.deliver([event]);
}

/** `login` edits an issue: issues.edited, and closed or reopened. */
export async function editIssue(
  stage: Stage,
  login: string,
  number: number,
  changes: IssueChanges & InRepo,
): Promise<Issue> {
  checkLength("editIssue", changes.body);
  const issue = issueIn(repoFor(stage, changes), number);
  const sender = stage.site.model.user(login).login;
  const report = updateIssue(stage.site.model, issue, sender, changes);
  await stage.deliver(issueWebhooks(stage.site, issue, sender, { report }));
  return issue;
}

/** `login` opens a pull request from a branch: pull_request.opened. */
export async function openPullRequest(
  stage: Stage,
  login: string,
  fields: {
    head: string;
    title: string;
    body?: string;
    base?: string;
  } & InRepo,
): Promise<Issue> {
  const { model } = stage.site;
  const repo = repoFor(stage, fields);
  const base = fields.base ?? repo.defaultBranch;
  const headSha = branchSha(repo, fields.head);
  const pull = {
    id: model.nextId("pull"),
    head: fields.head,
    base,
    headSha,
    baseSha: branchSha(repo, base),
  };
  const issue = createIssue(model, repo, login, { ...fields, pull });
  const sender = model.user(login).login;
  await stage.deliver([pullRequestEvent(stage.site, "opened", issue, sender)]);
  return issue;
}

function branchSha(repo: Repo, branch: string): string {
  const sha = repo.branches.get(branch);
  if (sha) return sha;
  const known = [...repo.branches.keys()].join(", ") || "none";
  throw fail("AR_STANDIN_UNKNOWN", { kind: "branch", name: branch, known });
}

/** Pushes a commit to a pull request's head: pull_request.synchronize. */
export async function pushPullRequest(
  stage: Stage,
  number: number,
  files: FileChanges,
  options: { message?: string; login?: string } & InRepo = {},
): Promise<string> {
  const repo = repoFor(stage, options);
  const issue = issueIn(repo, number);
  const pull = issue.pull;
  if (!pull) {
    throw fail("AR_STANDIN_USAGE", {
      call: `pushPullRequest(${number})`,
      problem: "that number is an issue, not a pull request",
    });
  }
  const { model } = stage.site;
  const author = model.user(options.login ?? issue.author).login;
  const before = pull.headSha;
  const message = options.message ?? "Update";
  const date = model.now();
  const branch = pull.head;
  pull.headSha = commitFiles(repo, { branch, files, message, author, date });
  issue.updatedAt = date;
  const fields = { before, after: pull.headSha };
  const site = stage.site;
  await stage.deliver([
    pullRequestEvent(site, "synchronize", issue, author, fields),
  ]);
  return pull.headSha;
}

/** `login` fires a repository_dispatch of an event type. */
export async function dispatch(
  stage: Stage,
  login: string,
  eventType: string,
  clientPayload: Json,
  options: InRepo = {},
): Promise<DeliveryResult> {
  const repo = repoFor(stage, options);
  const sender = stage.site.model.user(login).login;
  const event = dispatchEvent(
    stage.site,
    repo,
    sender,
    eventType,
    clientPayload,
  );
  const [result] = await stage.deliver([event]);
  return result ?? { status: 0, body: "not delivered" };
}
