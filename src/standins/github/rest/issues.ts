import { fail } from "../../../errors.js";
import { commentsOf } from "../model/comments.js";
import type { Comment, Issue, Label, Reaction, Repo } from "../model/types.js";
import { repoApi, repoWeb, type Site } from "../site.js";
import { nodeId } from "./common.js";
import { authorAssociation, simpleUser } from "./users.js";

/** An issue (or a pull request's issue) as the REST API serves it. */
export function issueObject(site: Site, issue: Issue) {
  const repo = site.model.repo(issue.repo);
  const api = `${repoApi(site, repo.name)}/issues/${issue.number}`;
  const kind = issue.pull ? "pull" : "issues";
  return {
    id: issue.id,
    node_id: nodeId(issue.pull ? "PullRequest" : "Issue", issue.id),
    url: api,
    repository_url: repoApi(site, repo.name),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    timeline_url: `${api}/timeline`,
    html_url: `${repoWeb(site, repo.name)}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(site, issue.author),
    labels: issue.labels.map((name) => labelByName(site, repo, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: commentsOf(site.model, issue).length,
    ...(issue.pull ? { pull_request: pullLinks(site, repo, issue) } : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? simpleUser(site, issue.closedBy) : null,
    author_association: authorAssociation(site, repo.name, issue.author),
    reactions: reactionRollup(`${api}/reactions`, []),
    performed_via_github_app: null,
  };
}

function pullLinks(site: Site, repo: Repo, issue: Issue) {
  const web = `${repoWeb(site, repo.name)}/pull/${issue.number}`;
  return {
    url: `${repoApi(site, repo.name)}/pulls/${issue.number}`,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    merged_at: null,
  };
}

/** A label as the REST API serves it. */
export function labelObject(site: Site, repo: Repo, label: Label) {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${repoApi(site, repo.name)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

/** The label object of a name the issue carries. */
export function labelByName(site: Site, repo: Repo, name: string) {
  const label = repo.labels.get(name.toLowerCase());
  if (!label) {
    const known = [...repo.labels.values()].map((l) => l.name).join(", ");
    throw fail("AR_STANDIN_UNKNOWN", { kind: "label", name, known });
  }
  return labelObject(site, repo, label);
}

/** An issue comment as the REST API serves it. */
export function commentObject(site: Site, comment: Comment) {
  const api = repoApi(site, comment.repo);
  const issue = site.model.repo(comment.repo).issues.get(comment.issueNumber);
  const kind = issue?.pull ? "pull" : "issues";
  const url = `${api}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url,
    html_url: `${repoWeb(site, comment.repo)}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(site, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(site, comment.repo, comment.author),
    performed_via_github_app: null,
    reactions: reactionRollup(`${url}/reactions`, comment.reactions),
  };
}

const reactionContents = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "eyes",
  "rocket",
] as const;

function reactionRollup(url: string, reactions: Reaction[]) {
  const counts = Object.fromEntries(
    reactionContents.map((content) => [
      content,
      reactions.filter((r) => r.content === content).length,
    ]),
  );
  return { url, total_count: reactions.length, ...counts };
}

/** A reaction as the REST API serves it. */
export function reactionObject(site: Site, reaction: Reaction) {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: simpleUser(site, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
