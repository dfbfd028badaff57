import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { verify } from "@octokit/webhooks-methods";
import {
  generateAppKeys,
  mintInstallationToken,
} from "../../src/standins/github/credentials.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";

const appId = 77;
const secret = "webhook-test-secret";
const keys = generateAppKeys();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/** A stand-in app: records deliveries and answers with `status`. */
class Receiver {
  readonly received: Received[] = [];
  status = 200;
  readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const json = JSON.parse(body) as Record<string, unknown>;
      this.received.push({ headers: req.headers, body, json });
      res.writeHead(this.status).end(this.status < 300 ? "ok" : "no");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/github/webhooks`;
  }

  last(): Received {
    const found = this.received.at(-1);
    assert.ok(found, "no delivery arrived");
    return found;
  }

  events(): string[] {
    return this.received.map(
      (r) => `${r.headers["x-github-event"]}.${r.json["action"] ?? ""}`,
    );
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function start(receiver: Receiver, echoAppEvents = true) {
  const standIn = await startGitHubStandIn({
    appId,
    appSlug: "runner",
    publicKeyPem: keys.publicKeyPem,
    webhookSecret: secret,
    webhookUrl: await receiver.start(),
    echoAppEvents,
  });
  standIn.addUser("alice");
  standIn.addUser("bob");
  const token = await mintInstallationToken({ ...standIn, appId, ...keys });
  const octokit = new Octokit({
    auth: token,
    baseUrl: standIn.apiUrl,
    log: quiet,
  });
  return { standIn, octokit };
}

const field = (value: unknown, key: string) =>
  (value as Record<string, unknown>)[key];

describe("the GitHub stand-in's webhooks", () => {
  const receiver = new Receiver();
  let standIn: GitHubStandIn;
  let octokit: Octokit;

  before(async () => {
    ({ standIn, octokit } = await start(receiver));
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.status = 200;
  });
  after(async () => {
    await standIn.close();
    receiver.server.close();
  });

  const repoParams = () => ({ owner: standIn.owner, repo: standIn.repo });

  it("signs each delivery so @octokit/webhooks-methods verify accepts it", async () => {
    await standIn.openIssue("alice", { title: "t", body: "b" });
    const { headers, body } = receiver.last();
    const signature = String(headers["x-hub-signature-256"]);
    assert.equal(await verify(secret, body, signature), true);
    assert.equal(await verify("another secret", body, signature), false);
    assert.equal(headers["content-type"], "application/json");
    assert.equal(headers["x-github-event"], "issues");
    assert.match(String(headers["x-github-delivery"]), /^[0-9a-f-]{36}$/);
  });

  it("fills GitHub's example payload with the model's objects", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    const made = await standIn.comment("bob", issue.number, "/approve");
    const { json } = receiver.last();
    assert.equal(json["action"], "created");
    assert.equal(field(json["comment"], "id"), made.id);
    assert.equal(field(json["comment"], "body"), "/approve");
    assert.equal(field(json["issue"], "number"), issue.number);
    assert.equal(field(json["issue"], "pull_request"), undefined);
    assert.equal(field(json["sender"], "login"), "bob");
    assert.equal(field(json["sender"], "type"), "User");
    assert.equal(field(json["installation"], "id"), standIn.installationId);
    const fullName = `${standIn.owner}/${standIn.repo}`;
    assert.equal(field(json["repository"], "full_name"), fullName);
    assert.deepEqual(standIn.violations, []);
  });

  it("redelivers a past delivery with the same id and bytes", async () => {
    await standIn.openIssue("alice", { title: "t", body: "b" });
    const first = receiver.last();
    const id = String(first.headers["x-github-delivery"]);
    await standIn.redeliver(id);
    const again = receiver.last();
    assert.equal(again.headers["x-github-delivery"], id);
    assert.equal(again.body, first.body);
    assert.equal(standIn.deliveries.at(-1)?.redelivery, true);
  });

  it("sends a raw payload under a given delivery id", async () => {
    const result = await standIn.deliver("ping", { zen: "hi" }, { id: "d-1" });
    assert.equal(result.status, 200);
    assert.equal(receiver.last().headers["x-github-delivery"], "d-1");
  });

  it("returns the app's status instead of throwing on a 500", async () => {
    receiver.status = 500;
    const result = await standIn.deliver("ping", { zen: "hi" });
    assert.deepEqual(result, { status: 500, body: "no" });
  });

  it("reports status 0 when nothing listens at the URL", async () => {
    standIn.setWebhookUrl("http://127.0.0.1:9/hooks");
    const result = await standIn.deliver("ping", { zen: "hi" });
    standIn.setWebhookUrl(receiverUrl(receiver));
    assert.equal(result.status, 0);
  });

  it("echoes the app's own comment as issue_comment.created from its bot", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    receiver.received.length = 0;
    await octokit.rest.issues.createComment({
      ...repoParams(),
      issue_number: issue.number,
      body: "status",
    });
    await standIn.settled();
    assert.deepEqual(receiver.events(), ["issue_comment.created"]);
    const sender = receiver.last().json["sender"];
    assert.equal(field(sender, "login"), "runner[bot]");
    assert.equal(field(sender, "type"), "Bot");
    assert.equal(standIn.comments(issue.number)[0]?.authorType, "Bot");
  });

  it("echoes the app's label and state changes as issues events", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    receiver.received.length = 0;
    const target = { ...repoParams(), issue_number: issue.number };
    await octokit.rest.issues.addLabels({ ...target, labels: ["paused"] });
    await octokit.rest.issues.update({ ...target, state: "closed" });
    await standIn.settled();
    assert.deepEqual(receiver.events(), ["issues.labeled", "issues.closed"]);
    assert.deepEqual(standIn.violations, []);
  });

  it("delivers issue_comment.edited with the old body", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    const made = await standIn.comment("bob", issue.number, "/approve");
    await standIn.editComment("bob", made.id, "/deny");
    const { json } = receiver.last();
    assert.equal(json["action"], "edited");
    assert.deepEqual(json["changes"], { body: { from: "/approve" } });
    assert.equal(field(json["comment"], "body"), "/deny");
  });

  it("delivers issue_comment.deleted and forgets the comment", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    const made = await standIn.comment("bob", issue.number, "oops");
    await standIn.deleteComment("bob", made.id);
    assert.equal(receiver.last().json["action"], "deleted");
    assert.deepEqual(standIn.comments(issue.number), []);
  });

  it("delivers issues.edited with the old body", async () => {
    const issue = await standIn.openIssue("alice", { title: "t", body: "old" });
    await standIn.editIssue("alice", issue.number, { body: "new" });
    const { json } = receiver.last();
    assert.equal(json["action"], "edited");
    assert.deepEqual(json["changes"], { body: { from: "old" } });
    assert.equal(standIn.issue(issue.number)?.body, "new");
  });

  it("delivers pull_request.opened, then synchronize on a push", async () => {
    const base = standIn.commit(standIn.repo, "main", { "a.yaml": "a\n" });
    const head = standIn.commit(standIn.repo, "change", { "b.yaml": "b\n" });
    const pr = await standIn.openPullRequest("alice", {
      head: "change",
      title: "Add b",
    });
    const opened = receiver.last().json;
    assert.equal(opened["action"], "opened");
    const pull = opened["pull_request"];
    assert.equal(field(field(pull, "head"), "sha"), head);
    assert.equal(field(field(pull, "base"), "sha"), base);
    const after = await standIn.pushPullRequest(pr.number, { "c.yaml": "c\n" });
    const sync = receiver.last().json;
    assert.deepEqual(
      [sync["action"], sync["before"], sync["after"]],
      ["synchronize", head, after],
    );
    const files = await octokit.rest.pulls.listFiles({
      ...repoParams(),
      pull_number: pr.number,
    });
    const names = files.data.map((f) => f.filename);
    assert.deepEqual(names, ["b.yaml", "c.yaml"]);
  });

  it("answers a dispatch 204, then delivers repository_dispatch", async () => {
    const response = await octokit.rest.repos.createDispatchEvent({
      ...repoParams(),
      event_type: "run",
      client_payload: { workflow: "service_restart" },
    });
    await standIn.settled();
    assert.equal(response.status, 204);
    const { json } = receiver.last();
    assert.equal(json["action"], "run");
    assert.deepEqual(json["client_payload"], { workflow: "service_restart" });
    assert.equal(json["branch"], "main");
  });

  it("delivers repository_dispatch for a person's dispatch", async () => {
    const result = await standIn.dispatch("alice", "run", { a: "1" });
    assert.equal(result.status, 200);
    assert.equal(field(receiver.last().json["sender"], "login"), "alice");
  });

  it("sends only payloads that match GitHub's webhook schemas", () => {
    assert.deepEqual(standIn.violations, []);
  });
});

function receiverUrl(receiver: Receiver): string {
  const { port } = receiver.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/api/github/webhooks`;
}

describe("the GitHub stand-in with echoAppEvents off", () => {
  it("does not tell the app about its own comments", async () => {
    const receiver = new Receiver();
    const { standIn, octokit } = await start(receiver, false);
    const issue = await standIn.openIssue("alice", { title: "t", body: "b" });
    await octokit.rest.issues.createComment({
      owner: standIn.owner,
      repo: standIn.repo,
      issue_number: issue.number,
      body: "quiet",
    });
    await standIn.settled();
    assert.deepEqual(receiver.events(), ["issues.opened"]);
    await standIn.close();
    receiver.server.close();
  });
});
