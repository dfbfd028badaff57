import { fail } from "../../../errors.js";
import { commentsOf } from "../model/comments.js";
import { diffTrees, type FileChange, mergeBase } from "../model/git.js";
import type { Issue, PullRequest, Repo } from "../model/types.js";
import { repoApi, repoWeb, type Site } from "../site.js";
import { nodeId } from "./common.js";
import { issueObject } from "./issues.js";
import { repository } from "./repos.js";
import { authorAssociation, simpleUser } from "./users.js";

/** The files a pull request changes, from the merge base to its head. */
export function changedFiles(repo: Repo, pull: PullRequest): FileChange[] {
  const head = repo.commits.get(pull.headSha);
  const base = mergeBase(repo, pull.headSha, pull.baseSha);
  return diffTrees(base?.tree ?? new Map(), head?.tree ?? new Map());
}

/** How many commits the head has beyond the merge base. */
function commitCount(repo: Repo, pull: PullRequest): number {
  const base = mergeBase(repo, pull.headSha, pull.baseSha);
  let count = 0;
  for (let at = repo.commits.get(pull.headSha); at && at !== base; count++) {
    at = at.parent ? repo.commits.get(at.parent) : undefined;
  }
  return count;
}

/** A pull request as `GET /repos/{o}/{r}/pulls/{n}` serves it. */
export function pullRequestObject(site: Site, issue: Issue) {
  const pull = issue.pull;
  if (!pull) {
    const problem = "that number is an issue, not a pull request";
    throw fail("AR_STANDIN_USAGE", { call: `pull #${issue.number}`, problem });
  }
  const repo = site.model.repo(issue.repo);
  const files = changedFiles(repo, pull);
  const fromIssue = issueObject(site, issue);
  return {
    ...pullLinks(site, repo, issue.number, pull.headSha),
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: fromIssue.user,
    body: issue.body,
    labels: fromIssue.labels,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(site, repo, pull.head, pull.headSha),
    base: side(site, repo, pull.base, pull.baseSha),
    author_association: authorAssociation(site, repo.name, issue.author),
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: commentsOf(site.model, issue).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: commitCount(repo, pull),
    additions: 0,
    deletions: 0,
    changed_files: files.length,
  };
}

function side(site: Site, repo: Repo, ref: string, sha: string) {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(site, repo.owner),
    repo: repository(site, repo),
  };
}

function pullLinks(site: Site, repo: Repo, number: number, headSha: string) {
  const api = repoApi(site, repo.name);
  const web = `${repoWeb(site, repo.name)}/pull/${number}`;
  const links = {
    url: `${api}/pulls/${number}`,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${number}`,
    commits_url: `${api}/pulls/${number}/commits`,
    review_comments_url: `${api}/pulls/${number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${number}/comments`,
    statuses_url: `${api}/statuses/${headSha}`,
  };
  const href = (key: keyof typeof links) => ({ href: links[key] });
  return {
    ...links,
    _links: {
      self: href("url"),
      html: href("html_url"),
      issue: href("issue_url"),
      comments: href("comments_url"),
      review_comments: href("review_comments_url"),
      review_comment: href("review_comment_url"),
      commits: href("commits_url"),
      statuses: href("statuses_url"),
    },
  };
}
