import { blobSha, type FileChange } from "../model/git.js";
import type { Commit, Repo } from "../model/types.js";
import { repoApi, repoWeb, type Site } from "../site.js";
import { nodeId, retarget, specExample } from "./common.js";
import { simpleUser } from "./users.js";

const exampleRepoApi = "https://api.github.com/repos/octocat/Hello-World";
const exampleRepoWeb = "https://github.com/octocat/Hello-World";

/** A repository as `GET /repos/{o}/{r}` serves it (`full-repository`). */
export function fullRepository(site: Site, repo: Repo) {
  const { parent, source, template_repository, ...rest } = retargetExample(
    site,
    repo,
    "full-repository-default-response",
  );
  return {
    ...rest,
    ...repositoryCore(site, repo),
    organization: simpleUser(site, site.model.owner),
    network_count: 0,
    subscribers_count: 0,
  };
}

/** The fields that identify a repository, shared by every shape of it. */
export function repositoryCore(site: Site, repo: Repo) {
  const web = repoWeb(site, repo.name);
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: simpleUser(site, repo.owner),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: web,
    url: repoApi(site, repo.name),
    description: null,
    fork: false,
    homepage: null,
    language: null,
    license: null,
    mirror_url: null,
    default_branch: repo.defaultBranch,
    clone_url: `${web}.git`,
    git_url: `${web.replace(/^http:/, "git:")}.git`,
    ssh_url: `git@${new URL(site.web).host}:${repo.owner}/${repo.name}.git`,
    svn_url: web,
    open_issues_count: openIssues(repo),
    open_issues: openIssues(repo),
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    permissions: installationPermissions(),
  };
}

/** A repository as embedded in pull requests and webhooks. */
export function repository(site: Site, repo: Repo) {
  // Webhook schemas disagree on `organization` here; GitHub may omit it.
  const { parent, source, template_repository, organization, ...rest } =
    retargetExample(site, repo, "full-repository-default-response");
  return { ...rest, ...repositoryCore(site, repo) };
}

function retargetExample(site: Site, repo: Repo, name: string) {
  return retarget(specExample(name), [
    [exampleRepoApi, repoApi(site, repo.name)],
    [exampleRepoWeb, repoWeb(site, repo.name)],
  ]);
}

function openIssues(repo: Repo): number {
  return [...repo.issues.values()].filter((i) => i.state === "open").length;
}

function installationPermissions() {
  return {
    admin: false,
    maintain: false,
    push: true,
    triage: true,
    pull: true,
  };
}

/** A commit as `GET /repos/{o}/{r}/commits/{ref}` serves it. */
export function commitObject(site: Site, repo: Repo, commit: Commit) {
  const api = repoApi(site, repo.name);
  const person = gitPerson(site, commit);
  const author = site.model.findUser(commit.author);
  const user = author ? simpleUser(site, author.login) : null;
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", `${repo.id}:${commit.sha}`),
    url: `${api}/commits/${commit.sha}`,
    html_url: `${repoWeb(site, repo.name)}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { sha: commit.sha, url: `${api}/git/trees/${commit.sha}` },
      comment_count: 0,
      verification: unsigned(),
    },
    author: user,
    committer: user,
    parents: commit.parent ? [parentLink(site, repo, commit.parent)] : [],
  };
}

function gitPerson(site: Site, commit: Commit) {
  const user = site.model.findUser(commit.author);
  const id = user?.id ?? 0;
  const handle = commit.author.replace(/[^A-Za-z0-9-]/g, "");
  return {
    name: commit.author,
    email: `${id}+${handle}@users.noreply.github.com`,
    date: commit.date,
  };
}

function unsigned() {
  return {
    verified: false,
    reason: "unsigned",
    signature: null,
    payload: null,
    verified_at: null,
  };
}

function parentLink(site: Site, repo: Repo, sha: string) {
  return {
    sha,
    url: `${repoApi(site, repo.name)}/commits/${sha}`,
    html_url: `${repoWeb(site, repo.name)}/commit/${sha}`,
  };
}

/** A branch as `GET /repos/{o}/{r}/branches/{b}` serves it. */
export function branchObject(
  site: Site,
  repo: Repo,
  name: string,
  commit: Commit,
) {
  const api = repoApi(site, repo.name);
  return {
    name,
    commit: commitObject(site, repo, commit),
    _links: {
      self: `${api}/branches/${encodeURIComponent(name)}`,
      html: `${repoWeb(site, repo.name)}/tree/${name}`,
    },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: {
        enforcement_level: "off",
        contexts: [],
        checks: [],
      },
    },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}

/** One changed file of a pull request (`diff-entry`). */
export function diffEntry(
  site: Site,
  repo: Repo,
  change: FileChange,
  headSha: string,
) {
  const web = repoWeb(site, repo.name);
  const before = linesOf(change.before);
  const after = linesOf(change.after);
  const path = change.filename;
  return {
    sha: shaOfChange(change),
    filename: path,
    status: change.status,
    additions: after.length,
    deletions: before.length,
    changes: after.length + before.length,
    blob_url: `${web}/blob/${headSha}/${path}`,
    raw_url: `${web}/raw/${headSha}/${path}`,
    contents_url: `${repoApi(site, repo.name)}/contents/${path}?ref=${headSha}`,
    patch: patchOf(before, after),
  };
}

function linesOf(content: string | undefined): string[] {
  if (content === undefined || content === "") return [];
  return content.replace(/\n$/, "").split("\n");
}

function shaOfChange(change: FileChange): string {
  return blobSha(change.after ?? change.before ?? "");
}

/** A whole-file hunk: good enough for readers of `patch`. */
function patchOf(before: string[], after: string[]): string {
  const header = `@@ -${before.length ? 1 : 0},${before.length} +${
    after.length ? 1 : 0
  },${after.length} @@`;
  const removed = before.map((line) => `-${line}`);
  const added = after.map((line) => `+${line}`);
  return [header, ...removed, ...added].join("\n");
}
