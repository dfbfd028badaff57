import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Octokit, statusOf } from "../github/octokit.js";
import type { Problem } from "../workflow/types.js";
import { maxWorkflowBytes } from "../workflow/yaml-source.js";

/** A file's text, or its size when it is too large to be a workflow. */
export type FileText = { text: string } | { bytes: number };

/**
 * The files of a repository at one commit, or of a local folder: where
 * workflows, packs and settings are read from. Paths are relative and
 * use `/`.
 */
export interface RepoFiles {
  /** A file's text; undefined when there is no such file. */
  read(file: string): Promise<FileText | undefined>;
  /** The names of the files directly in a folder; none when absent. */
  list(folder: string): Promise<string[]>;
}

/** The problem of a file too large to read, as the loader words it. */
export function tooLarge(file: string, bytes: number): Problem {
  const message = `the file is ${bytes} bytes; workflow files may be at most ${maxWorkflowBytes} bytes (256 KB)`;
  return { path: file, line: 1, col: 1, message, code: "too-large" };
}

/** A repository's files at a commit, through the contents API. */
export function githubFiles(
  octokit: Octokit,
  where: { owner: string; repo: string },
  ref: string,
): RepoFiles {
  const get = async (file: string) => {
    try {
      const request = { ...where, path: file, ref };
      return (await octokit.rest.repos.getContent(request)).data;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  };
  return {
    async read(file) {
      const data = await get(file);
      if (!data || Array.isArray(data) || data.type !== "file") return;
      if (data.size > maxWorkflowBytes) return { bytes: data.size };
      return { text: Buffer.from(data.content, "base64").toString("utf8") };
    },
    async list(folder) {
      const data = await get(folder);
      if (!Array.isArray(data)) return [];
      return data.filter((e) => e.type === "file").map((e) => e.name);
    },
  };
}

/** A folder on this machine, for the command line. */
export function folderFiles(root: string): RepoFiles {
  const inside = (file: string) => path.join(root, ...file.split("/"));
  return {
    async read(file) {
      const full = inside(file);
      if (!isFile(full)) return undefined;
      const bytes = statSync(full).size;
      if (bytes > maxWorkflowBytes) return { bytes };
      return { text: readFileSync(full, "utf8") };
    },
    async list(folder) {
      const full = inside(folder);
      try {
        return readdirSync(full).filter((n) => isFile(path.join(full, n)));
      } catch {
        return [];
      }
    },
  };
}

function isFile(full: string): boolean {
  try {
    return statSync(full).isFile();
  } catch {
    return false;
  }
}

/** Reads each file and folder once: validation looks at some twice. */
export function cachedFiles(files: RepoFiles): RepoFiles {
  const reads = new Map<string, ReturnType<RepoFiles["read"]>>();
  const lists = new Map<string, ReturnType<RepoFiles["list"]>>();
  return {
    read(file) {
      if (!reads.has(file)) reads.set(file, files.read(file));
      return reads.get(file)!;
    },
    list(folder) {
      if (!lists.has(folder)) lists.set(folder, files.list(folder));
      return lists.get(folder)!;
    },
  };
}
