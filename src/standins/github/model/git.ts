import { createHash, randomBytes } from "node:crypto";
import type { Commit, Repo } from "./types.js";

/** Changes of one commit: a path's new content, or null to delete it. */
export type FileChanges = Record<string, string | null>;

export interface CommitOptions {
  branch: string;
  files: FileChanges;
  message: string;
  author: string;
  date: string;
}

/** Commits on a branch (made from the default branch when new). */
export function commitFiles(repo: Repo, options: CommitOptions): string {
  const parentSha =
    repo.branches.get(options.branch) ?? repo.branches.get(repo.defaultBranch);
  const parent = parentSha ? repo.commits.get(parentSha) : undefined;
  const tree = new Map(parent?.tree ?? []);
  for (const [path, content] of Object.entries(options.files)) {
    const clean = path.replace(/^\/+/, "");
    if (content === null) tree.delete(clean);
    else tree.set(clean, content);
  }
  const sha = randomSha();
  const { message, author, date } = options;
  repo.commits.set(sha, {
    sha,
    parent: parent?.sha ?? null,
    tree,
    message,
    author,
    date,
  });
  repo.branches.set(options.branch, sha);
  return sha;
}

function randomSha(): string {
  return createHash("sha1").update(randomBytes(20)).digest("hex");
}

/** A commit named by branch, `heads/…`, full sha or a 7+ sha prefix. */
export function resolveRef(repo: Repo, ref: string): Commit | undefined {
  const branch = ref.replace(/^(refs\/)?heads\//, "");
  const branchSha = repo.branches.get(branch);
  if (branchSha) return repo.commits.get(branchSha);
  if (!/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
  const wanted = ref.toLowerCase();
  for (const [sha, commit] of repo.commits) {
    if (sha.startsWith(wanted)) return commit;
  }
  return undefined;
}

/** Git's blob id of a file's content. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  const header = Buffer.from(`blob ${bytes.length}\0`, "utf8");
  return createHash("sha1").update(header).update(bytes).digest("hex");
}

/** A stable id for a directory's listing, standing in for a tree sha. */
export function treeSha(tree: ReadonlyMap<string, string>, dir: string) {
  const hash = createHash("sha1").update(`tree ${dir}\0`);
  for (const [path, content] of [...tree].sort()) {
    if (isUnder(path, dir)) hash.update(`${path}\0${blobSha(content)}\0`);
  }
  return hash.digest("hex");
}

export interface DirEntry {
  readonly name: string;
  readonly path: string;
  readonly type: "file" | "dir";
}

/** The direct children of a directory ("" is the root); undefined if none. */
export function listDir(
  tree: ReadonlyMap<string, string>,
  dir: string,
): DirEntry[] | undefined {
  const entries = new Map<string, DirEntry>();
  for (const path of tree.keys()) {
    if (!isUnder(path, dir)) continue;
    const rest = dir === "" ? path : path.slice(dir.length + 1);
    const [name = "", ...deeper] = rest.split("/");
    const child = dir === "" ? name : `${dir}/${name}`;
    const type = deeper.length > 0 ? "dir" : "file";
    entries.set(name, { name, path: child, type });
  }
  if (entries.size === 0) return undefined;
  return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function isUnder(path: string, dir: string): boolean {
  return dir === "" || path.startsWith(`${dir}/`);
}

export interface FileChange {
  readonly filename: string;
  readonly status: "added" | "removed" | "modified";
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** Files that differ between two trees, by path. */
export function diffTrees(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
): FileChange[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  return paths.flatMap((filename) => {
    const before = base.get(filename);
    const after = head.get(filename);
    if (before === after) return [];
    const status =
      before === undefined
        ? "added"
        : after === undefined
          ? "removed"
          : "modified";
    return [{ filename, status, before, after }];
  });
}

/** The newest commit both histories share, as `git merge-base` finds it. */
export function mergeBase(
  repo: Repo,
  a: string,
  b: string,
): Commit | undefined {
  const seen = new Set<string>();
  for (let at = repo.commits.get(a); at; at = parentOf(repo, at)) {
    seen.add(at.sha);
  }
  for (let at = repo.commits.get(b); at; at = parentOf(repo, at)) {
    if (seen.has(at.sha)) return at;
  }
  return undefined;
}

function parentOf(repo: Repo, commit: Commit): Commit | undefined {
  return commit.parent ? repo.commits.get(commit.parent) : undefined;
}
