import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "pino";
import * as acting from "./acting.js";
import { parsePublicKey, TokenStore } from "./auth.js";
import { matchesCall } from "./calls.js";
import { type DelayRule, type FailRule, Faults } from "./faults.js";
import { readIncoming, sendResult } from "./http.js";
import { commitFiles, type FileChanges } from "./model/git.js";
import type { Permission, UserType } from "./model/types.js";
import { answer, type Pipeline, type Violation } from "./pipeline.js";
import * as rerequest from "./rerequest.js";
import type {
  CallFilter,
  CallRecord,
  GitHubStandIn,
  GitHubStandInOptions,
  RepoOption,
} from "./server.js";
import { createSite, type Site } from "./site.js";
import type { Json } from "./spec.js";
import { checkWebhook } from "./validate.js";
import {
  findIssue,
  issueComments,
  repoCheckRuns,
  viewComment,
  viewIssue,
} from "./views.js";
import type { RerequestOptions } from "./webhooks/check-payloads.js";
import type { WebhookEvent } from "./webhooks/payloads.js";
import { type DeliveryResult, WebhookSender } from "./webhooks/sender.js";

/** The running stand-in: model, HTTP pipeline and webhook sender. */
export class StandIn implements GitHubStandIn {
  readonly apiUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly botLogin: string;
  readonly calls: CallRecord[] = [];
  readonly violations: Violation[] = [];
  readonly #site: Site;
  readonly #sender: WebhookSender;
  readonly #pipeline: Pipeline;
  readonly #faults = new Faults();
  readonly #stage: acting.Stage;

  constructor(
    readonly server: Server,
    readonly webUrl: string,
    options: GitHubStandInOptions & { logger: Logger },
  ) {
    this.#site = createSite(webUrl, options);
    this.apiUrl = this.#site.api;
    this.owner = this.#site.model.owner;
    this.repo = options.repo ?? "runbooks";
    this.installationId = this.#site.installationId;
    this.botLogin = this.#site.model.bot;
    this.#sender = new WebhookSender({
      secret: options.webhookSecret,
      appId: options.appId,
      logger: options.logger,
      url: options.webhookUrl,
    });
    this.#pipeline = {
      ctx: {
        site: this.#site,
        tokens: new TokenStore(),
        echoAppEvents: options.echoAppEvents ?? true,
      },
      faults: this.#faults,
      violations: this.violations,
      appId: options.appId,
      publicKey: parsePublicKey(options.publicKeyPem),
      logger: options.logger,
    };
    this.#stage = {
      site: this.#site,
      defaultRepo: this.repo,
      deliver: (events) => this.#deliverAll(events),
    };
  }

  get deliveries() {
    return this.#sender.log;
  }

  /** Serves one HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incoming = await readIncoming(req, this.webUrl);
    const { op, actor, result } = await answer(this.#pipeline, incoming);
    const events = result.events ?? [];
    // GitHub sends webhooks after it has answered the request.
    sendResult(res, result, () => void this.#deliverAll(events));
    this.calls.push({
      method: incoming.method,
      path: `${incoming.path ?? incoming.url.pathname}${incoming.url.search}`,
      operationId: op?.operationId,
      status: result.status,
      actor,
    });
  }

  async #deliverAll(events: WebhookEvent[]): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    for (const { event, payload } of events) {
      this.#checkPayload(event, payload);
      results.push(await this.#sender.deliver(event, payload));
    }
    return results;
  }

  /** A payload the stand-in built must match GitHub's schema too. */
  #checkPayload(event: string, payload: Json): void {
    for (const problem of checkWebhook(event, payload)) {
      const found = { method: "WEBHOOK", path: event, problem };
      this.violations.push(found);
      this.#pipeline.logger.error(found, "webhook payload violation");
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  setWebhookUrl(url: string | undefined): void {
    this.#sender.options.url = url;
  }

  addUser(login: string, type?: UserType) {
    return { ...this.#site.model.addUser(login, type) };
  }

  personalToken(login: string): string {
    const user = this.#site.model.user(login);
    return this.#pipeline.ctx.tokens.mintPersonal(user.login);
  }

  addTeam(slug: string, logins: string[]): void {
    this.#site.model.addTeam(slug, logins);
  }

  addRepo(name: string, options: { defaultBranch?: string } = {}): void {
    this.#site.model.addRepo(name, options);
  }

  commit(repo: string, branch: string, files: FileChanges, message?: string) {
    const { model } = this.#site;
    return commitFiles(model.repo(repo), {
      branch,
      files,
      message: message ?? "Update files",
      author: this.owner,
      date: model.now(),
    });
  }

  setPermission(repo: string, login: string, permission: Permission): void {
    this.#site.model.setPermission(repo, login, permission);
  }

  deliver(event: string, payload: unknown, options: { id?: string } = {}) {
    return this.#sender.deliver(event, payload, options);
  }

  redeliver(deliveryId: string) {
    return this.#sender.redeliver(deliveryId);
  }

  settled(): Promise<void> {
    return this.#sender.settled();
  }

  async openIssue(
    login: string,
    fields: { title: string; body: string; labels?: string[] } & RepoOption,
  ) {
    return viewIssue(await acting.openIssue(this.#stage, login, fields));
  }

  async comment(
    login: string,
    number: number,
    body: string,
    options?: RepoOption,
  ) {
    const made = await acting.comment(
      this.#stage,
      login,
      number,
      body,
      options,
    );
    return viewComment(this.#site.model, made);
  }

  async editComment(login: string, id: number, body: string) {
    const edited = await acting.editCommentAs(this.#stage, login, id, body);
    return viewComment(this.#site.model, edited);
  }

  deleteComment(login: string, id: number): Promise<void> {
    return acting.deleteCommentAs(this.#stage, login, id);
  }

  async editIssue(
    login: string,
    number: number,
    changes: Parameters<GitHubStandIn["editIssue"]>[2],
  ) {
    return viewIssue(
      await acting.editIssue(this.#stage, login, number, changes),
    );
  }

  async openPullRequest(
    login: string,
    fields: Parameters<GitHubStandIn["openPullRequest"]>[1],
  ) {
    return viewIssue(await acting.openPullRequest(this.#stage, login, fields));
  }

  pushPullRequest(
    number: number,
    files: FileChanges,
    options?: { message?: string; login?: string } & RepoOption,
  ) {
    return acting.pushPullRequest(this.#stage, number, files, options);
  }

  rerequestCheckRun(
    login: string,
    checkRunId: number,
    options?: RerequestOptions,
  ) {
    const stage = this.#stage;
    return rerequest.rerequestCheckRun(stage, login, checkRunId, options);
  }

  rerequestCheckSuite(
    login: string,
    headSha: string,
    options?: RerequestOptions & RepoOption,
  ) {
    const stage = this.#stage;
    return rerequest.rerequestCheckSuite(stage, login, headSha, options);
  }

  dispatch(
    login: string,
    eventType: string,
    clientPayload: Record<string, unknown>,
    options?: RepoOption,
  ) {
    const stage = this.#stage;
    return acting.dispatch(stage, login, eventType, clientPayload, options);
  }

  failNext(rule: FailRule): void {
    this.#faults.failNext(rule);
  }

  delayNext(rule: DelayRule): void {
    this.#faults.delayNext(rule);
  }

  issue(number: number, options?: RepoOption) {
    const found = findIssue(this.#site.model, this.#repoName(options), number);
    return found ? viewIssue(found) : undefined;
  }

  comments(number: number, options?: RepoOption) {
    return issueComments(this.#site.model, this.#repoName(options), number);
  }

  labels(number: number, options?: RepoOption): string[] {
    const found = findIssue(this.#site.model, this.#repoName(options), number);
    return [...(found?.labels ?? [])];
  }

  checkRuns(options?: RepoOption) {
    return repoCheckRuns(this.#site.model, this.#repoName(options));
  }

  countCalls(filter: CallFilter = {}): number {
    return this.calls.filter((call) => matchesCall(call, filter)).length;
  }

  #repoName(options: RepoOption = {}): string {
    return options.repo ?? this.repo;
  }
}
