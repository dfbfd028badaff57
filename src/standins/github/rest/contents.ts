import { blobSha, type DirEntry, treeSha } from "../model/git.js";
import type { Commit, Repo } from "../model/types.js";
import { repoApi, repoWeb, type Site } from "../site.js";

/** A file as `GET /repos/{o}/{r}/contents/{path}` serves it. */
export function contentFile(
  site: Site,
  repo: Repo,
  commit: Commit,
  path: string,
) {
  const content = commit.tree.get(path) ?? "";
  const size = Buffer.byteLength(content, "utf8");
  return {
    type: "file",
    size,
    name: path.split("/").pop() ?? path,
    path,
    ...encoded(content, size),
    ...links(site, repo, commit, { path, type: "file" }),
  };
}

// Above 1 MB GitHub serves the content only through the raw media type.
const maxObjectBytes = 1024 * 1024;

function encoded(content: string, size: number) {
  if (size > maxObjectBytes) return { encoding: "none", content: "" };
  const base64 = Buffer.from(content, "utf8").toString("base64");
  // GitHub wraps the base64 text at 60 columns.
  return {
    encoding: "base64",
    content: `${base64.replace(/.{60}/g, "$&\n")}\n`,
  };
}

/** A directory listing as the contents API serves it. */
export function contentDirectory(
  site: Site,
  repo: Repo,
  commit: Commit,
  entries: DirEntry[],
) {
  return entries.map((entry) => ({
    type: entry.type,
    size: entry.type === "file" ? sizeOf(commit, entry.path) : 0,
    name: entry.name,
    path: entry.path,
    ...links(site, repo, commit, entry),
  }));
}

function sizeOf(commit: Commit, path: string): number {
  return Buffer.byteLength(commit.tree.get(path) ?? "", "utf8");
}

function links(
  site: Site,
  repo: Repo,
  commit: Commit,
  entry: { path: string; type: "file" | "dir" },
) {
  const api = repoApi(site, repo.name);
  const file = entry.type === "file";
  const sha = file
    ? blobSha(commit.tree.get(entry.path) ?? "")
    : treeSha(commit.tree, entry.path);
  const self = `${api}/contents/${entry.path}?ref=${commit.sha}`;
  const git = `${api}/git/${file ? "blobs" : "trees"}/${sha}`;
  const html = `${repoWeb(site, repo.name)}/${file ? "blob" : "tree"}/${commit.sha}/${entry.path}`;
  const download = file
    ? `${repoWeb(site, repo.name)}/raw/${commit.sha}/${entry.path}`
    : null;
  return {
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: download,
    _links: { self, git, html },
  };
}
