import { Octokit } from "@octokit/rest";
import type { Command } from "commander";
import { fail } from "../errors.js";
import { gitHubError } from "./github-error.js";
import type { CliIo } from "./io.js";

/** The options every command that talks to GitHub takes. */
export interface GitHubOptions {
  apiUrl?: string;
  repo?: string;
  token?: string;
}

/** One repository on GitHub, reached with a token. */
export interface RepoClient {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** `owner/name` */
  slug: string;
}

/**
 * Adds `--api-url`, `--repo` and `--token`. Their defaults come from the
 * environment GitHub Actions sets (GITHUB_API_URL, GITHUB_REPOSITORY,
 * GITHUB_TOKEN), so a workflow step needs no flags.
 */
export function addGitHubOptions(command: Command): Command {
  return command
    .option(
      "--api-url <url>",
      "GitHub's REST API (env GITHUB_API_URL; default https://api.github.com)",
    )
    .option("--repo <owner/name>", "the repository (env GITHUB_REPOSITORY)")
    .option("--token <token>", "a GitHub token (env GITHUB_TOKEN)");
}

/** A client for the repository the options (or environment) name. */
export function connect(options: GitHubOptions, io: CliIo): RepoClient {
  const { env } = io;
  const slug = options.repo ?? env["GITHUB_REPOSITORY"];
  const token = options.token ?? env["GITHUB_TOKEN"];
  const apiUrl = readApiUrl(
    options.apiUrl ?? env["GITHUB_API_URL"] ?? "https://api.github.com",
  );
  const [owner, repo, extra] = (slug ?? "").split("/");
  if (!owner || !repo || extra !== undefined) {
    throw fail("AR_CLI_OPTION", {
      option: "--repo",
      value: slug ? `\`${slug}\`` : "nothing",
      expected: "owner/name, e.g. acme/ops (or set GITHUB_REPOSITORY)",
    });
  }
  if (!token) {
    throw fail("AR_CLI_OPTION", {
      option: "--token",
      value: "nothing",
      expected: "a GitHub token (or set GITHUB_TOKEN)",
    });
  }
  const octokit = new Octokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: "approval-runner-cli",
    log: quietLog(io),
  });
  return { octokit, owner, repo, slug: `${owner}/${repo}` };
}

/**
 * `--api-url` must be an http(s) URL; checked here, since Octokit would
 * report anything else as a server error. Credentials belong in --token,
 * and fetch refuses a URL that holds them.
 */
function readApiUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const web = url?.protocol === "http:" || url?.protocol === "https:";
  if (!url || !web || url.username || url.password) {
    throw fail("AR_CLI_OPTION", {
      option: "--api-url",
      value: `\`${withoutCredentials(text)}\``,
      expected:
        "an http(s) URL of GitHub's REST API without user:password@, e.g. https://api.github.com or https://github.example.com/api/v3 (or set GITHUB_API_URL)",
    });
  }
  return text.replace(/\/+$/, "");
}

/** Hides anything before an `@` in an address: it may be a token. */
function withoutCredentials(text: string): string {
  return text.replace(/^([^/]*\/\/)?[^/@]*@/, "$1…@");
}

/** Octokit's own notices go to stderr; failed requests are ours to say. */
function quietLog(io: CliIo) {
  const warn = (message: string) => io.stderr.write(`warning: ${message}\n`);
  return { debug() {}, info() {}, warn, error() {} };
}

/**
 * Runs one GitHub call; a failure becomes an error that says what we were
 * doing and how to fix it, never a stack trace.
 */
export async function ask<T>(doing: string, call: () => Promise<T>) {
  try {
    return await call();
  } catch (err) {
    throw gitHubError(doing, err);
  }
}
