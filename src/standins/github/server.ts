/**
 * # GitHub stand-in
 *
 * A local HTTP server that speaks GitHub's REST API, for the app's tests
 * and for `npm run sandbox`. Probot reaches it as GitHub Enterprise
 * Server: `new Probot({ baseUrl: standIn.apiUrl })`.
 *
 * - Every request is checked against GitHub's published OpenAPI
 *   description (`@octokit/openapi`), and so is every answer served. A
 *   mismatch is recorded in `violations`, logged to stderr and answered
 *   500 "stand-in: OpenAPI violation …" (404 for an unknown route).
 * - Auth as on GitHub: an RS256 app JWT buys `ghs_` installation tokens;
 *   every other route wants such a token. Whatever the app does with a
 *   token is done by its bot user, `<appSlug>[bot]`. `personalToken`
 *   mints a `ghp_` token that acts as a person, for clients like the CLI.
 * - An in-memory model: users, one organization with teams, repositories
 *   with a small git history, issues and pull requests, comments, labels,
 *   check runs. GitHub's limits hold (65,536-character bodies, paging).
 * - Webhooks signed with `X-Hub-Signature-256`, shaped from
 *   `@octokit/webhooks-examples`, sent one at a time in order. Acting as
 *   a person (`openIssue`, `comment`, …) changes the model and sends what
 *   GitHub would; the app's own comments and issue changes are echoed
 *   back to it too, after the response, unless `echoAppEvents` is false.
 * - Faults on demand: `failNext` (before or after acting) and `delayNext`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Logger, pino } from "pino";
import type { DelayRule, FailRule } from "./faults.js";
import type { FileChanges } from "./model/git.js";
import type { Permission, User, UserType } from "./model/types.js";
import type { Violation } from "./pipeline.js";
import { StandIn } from "./stand-in.js";
import type { CheckRunView, CommentView, IssueView } from "./views.js";
import type { RerequestOptions } from "./webhooks/check-payloads.js";
import type { DeliveryRecord, DeliveryResult } from "./webhooks/sender.js";

export type {
  CheckRunView,
  CommentView,
  DelayRule,
  DeliveryRecord,
  DeliveryResult,
  FailRule,
  FileChanges,
  IssueView,
  Permission,
  User,
  UserType,
  Violation,
};

export interface GitHubStandInOptions {
  appId: number;
  appSlug: string;
  /** The app's public key (PEM); app JWTs must verify against it. */
  publicKeyPem: string;
  webhookSecret: string;
  /** Where webhooks go; settable later with `setWebhookUrl`. */
  webhookUrl?: string;
  /** The app's installation id on the organization. Default 1. */
  installationId?: number;
  /** Login of the organization that owns the repositories. Default "acme". */
  owner?: string;
  /** Name of the first repository. Default "runbooks". */
  repo?: string;
  /** Default branch of the first repository. Default "main". */
  defaultBranch?: string;
  /** Echo the app's own comments and issue changes. Default true. */
  echoAppEvents?: boolean;
  /** Where violations and deliveries are logged. Default: stderr, warn. */
  logger?: Logger;
}

/** One request the stand-in answered. */
export interface CallRecord {
  readonly method: string;
  /** Path below `/api/v3`, with the query. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
  /** Who acted: the app's bot for tokens; undefined when refused. */
  readonly actor: string | undefined;
}

export interface CallFilter {
  method?: string;
  /** A RegExp tested on, or a string equal to, the path without query. */
  path?: RegExp | string;
  operationId?: string;
  status?: number;
}

export interface RepoOption {
  /** A repository other than the first one. */
  repo?: string;
}

export interface GitHubStandIn {
  /** `http://127.0.0.1:<port>/api/v3` */
  readonly apiUrl: string;
  /** `http://127.0.0.1:<port>`, the root of every `html_url`. */
  readonly webUrl: string;
  readonly owner: string;
  /** The first repository's name. */
  readonly repo: string;
  readonly installationId: number;
  /** `<appSlug>[bot]` */
  readonly botLogin: string;
  readonly calls: readonly CallRecord[];
  readonly violations: readonly Violation[];
  readonly deliveries: readonly DeliveryRecord[];

  close(): Promise<void>;
  setWebhookUrl(url: string | undefined): void;

  addUser(login: string, type?: UserType): User;
  /** A personal access token (`ghp_`) acting as `login`, e.g. for the CLI. */
  personalToken(login: string): string;
  /** Adds (or replaces) a team of the organization. */
  addTeam(slug: string, logins: string[]): void;
  addRepo(name: string, options?: { defaultBranch?: string }): void;
  /** Commits changes (null deletes a path); new branches fork the default. */
  commit(
    repo: string,
    branch: string,
    files: FileChanges,
    message?: string,
  ): string;
  setPermission(repo: string, login: string, permission: Permission): void;

  /** Posts a payload as is; never throws for a non-2xx answer. */
  deliver(
    event: string,
    payload: unknown,
    options?: { id?: string },
  ): Promise<DeliveryResult>;
  /** Sends a past delivery again with the same id and body. */
  redeliver(deliveryId: string): Promise<DeliveryResult>;
  /** Resolves when every queued webhook has been answered. */
  settled(): Promise<void>;

  openIssue(
    login: string,
    fields: { title: string; body: string; labels?: string[] } & RepoOption,
  ): Promise<IssueView>;
  comment(
    login: string,
    number: number,
    body: string,
    options?: RepoOption,
  ): Promise<CommentView>;
  editComment(login: string, id: number, body: string): Promise<CommentView>;
  deleteComment(login: string, id: number): Promise<void>;
  editIssue(
    login: string,
    number: number,
    changes: {
      title?: string;
      body?: string;
      state?: "open" | "closed";
      stateReason?: "completed" | "not_planned";
    } & RepoOption,
  ): Promise<IssueView>;
  openPullRequest(
    login: string,
    fields: {
      head: string;
      title: string;
      body?: string;
      base?: string;
    } & RepoOption,
  ): Promise<IssueView>;
  /** Commits to the pull request's head branch; returns the new sha. */
  pushPullRequest(
    number: number,
    files: FileChanges,
    options?: { message?: string; login?: string } & RepoOption,
  ): Promise<string>;
  /** Presses "Re-run" on a check run: check_run.rerequested. */
  rerequestCheckRun(
    login: string,
    checkRunId: number,
    options?: RerequestOptions,
  ): Promise<DeliveryResult>;
  /** "Re-run all checks" of a commit: check_suite.rerequested. */
  rerequestCheckSuite(
    login: string,
    headSha: string,
    options?: RerequestOptions & RepoOption,
  ): Promise<DeliveryResult>;
  dispatch(
    login: string,
    eventType: string,
    clientPayload: Record<string, unknown>,
    options?: RepoOption,
  ): Promise<DeliveryResult>;

  failNext(rule: FailRule): void;
  delayNext(rule: DelayRule): void;

  issue(number: number, options?: RepoOption): IssueView | undefined;
  comments(number: number, options?: RepoOption): CommentView[];
  labels(number: number, options?: RepoOption): string[];
  checkRuns(options?: RepoOption): CheckRunView[];
  countCalls(filter?: CallFilter): number;
}

/** Starts a stand-in on 127.0.0.1 at a free port. */
export async function startGitHubStandIn(
  options: GitHubStandInOptions,
): Promise<GitHubStandIn> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const logger = options.logger ?? defaultLogger();
  const standIn = new StandIn(server, `http://127.0.0.1:${port}`, {
    ...options,
    logger,
  });
  server.on("request", (req, res) => standIn.handle(req, res));
  return standIn;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

function defaultLogger(): Logger {
  const config = { name: "github-stand-in", level: "warn" };
  return pino(config, pino.destination(2));
}
