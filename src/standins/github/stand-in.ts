import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "pino";
import * as acting from "./acting.js";
import { parsePublicKey, TokenStore } from "./auth.js";
import { type DelayRule, type FailRule, Faults } from "./faults.js";
import { readBody, sendResult } from "./http.js";
import { commentsOf } from "./model/comments.js";
import { commitFiles, type FileChanges } from "./model/git.js";
import { Model } from "./model/store.js";
import type { Permission, UserType } from "./model/types.js";
import {
  answer,
  type Incoming,
  type Pipeline,
  type Violation,
} from "./pipeline.js";
import type {
  CallFilter,
  CallRecord,
  GitHubStandIn,
  GitHubStandInOptions,
  RepoOption,
} from "./server.js";
import type { Site } from "./site.js";
import type { Json } from "./spec.js";
import { checkWebhook } from "./validate.js";
import { viewCheckRun, viewComment, viewIssue } from "./views.js";
import type { WebhookEvent } from "./webhooks/payloads.js";
import { type DeliveryResult, WebhookSender } from "./webhooks/sender.js";

const apiPrefix = "/api/v3";

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
    this.apiUrl = `${webUrl}${apiPrefix}`;
    this.owner = options.owner ?? "acme";
    this.repo = options.repo ?? "runbooks";
    this.installationId = options.installationId ?? 1;
    this.botLogin = `${options.appSlug}[bot]`;
    const model = new Model(this.owner, this.botLogin);
    model.addRepo(this.repo, {
      defaultBranch: options.defaultBranch ?? "main",
    });
    this.#site = {
      model,
      api: this.apiUrl,
      web: webUrl,
      appId: options.appId,
      appSlug: options.appSlug,
      installationId: this.installationId,
    };
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
    const incoming = await this.#read(req);
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

  async #read(req: IncomingMessage): Promise<Incoming> {
    const url = new URL(req.url ?? "/", this.webUrl);
    const inside =
      url.pathname === apiPrefix || url.pathname.startsWith(`${apiPrefix}/`);
    return {
      method: (req.method ?? "GET").toUpperCase(),
      url,
      path: inside ? url.pathname.slice(apiPrefix.length) || "/" : undefined,
      text: await readBody(req),
      headers: req.headers,
    };
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

  #issue(number: number, options: RepoOption = {}) {
    const repo = this.#site.model.repo(options.repo ?? this.repo);
    return repo.issues.get(number);
  }

  issue(number: number, options?: RepoOption) {
    const found = this.#issue(number, options);
    return found ? viewIssue(found) : undefined;
  }

  comments(number: number, options?: RepoOption) {
    const found = this.#issue(number, options);
    if (!found) return [];
    const { model } = this.#site;
    return commentsOf(model, found).map((c) => viewComment(model, c));
  }

  labels(number: number, options?: RepoOption): string[] {
    return [...(this.#issue(number, options)?.labels ?? [])];
  }

  checkRuns(options: RepoOption = {}) {
    const repo = this.#site.model.repo(options.repo ?? this.repo);
    return [...this.#site.model.checkRuns.values()]
      .filter((run) => run.repo === repo.name)
      .map(viewCheckRun);
  }

  countCalls(filter: CallFilter = {}): number {
    return this.calls.filter((call) => matchesCall(call, filter)).length;
  }
}

function matchesCall(call: CallRecord, filter: CallFilter): boolean {
  const path = call.path.split("?")[0] ?? "";
  const pathOk =
    filter.path === undefined ||
    (typeof filter.path === "string"
      ? filter.path === path
      : new RegExp(filter.path.source, filter.path.flags.replace("g", "")).test(
          path,
        ));
  return (
    pathOk &&
    (filter.method === undefined ||
      filter.method.toUpperCase() === call.method) &&
    (filter.operationId === undefined ||
      filter.operationId === call.operationId) &&
    (filter.status === undefined || filter.status === call.status)
  );
}
