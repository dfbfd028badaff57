import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { isAppError } from "../../src/errors.js";
import { generateAppKeys } from "../../src/standins/github/credentials.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("a personal access token at the GitHub stand-in", () => {
  let standIn: GitHubStandIn;
  let hooks: Server;
  const received: { event: string; sender: string }[] = [];
  before(async () => {
    hooks = await startHookSink(received);
    const { port } = hooks.address() as AddressInfo;
    standIn = await startGitHubStandIn({
      appId: 7,
      appSlug: "approval-runner",
      publicKeyPem: generateAppKeys().publicKeyPem,
      webhookSecret: "unused-here",
      webhookUrl: `http://127.0.0.1:${port}/`,
      echoAppEvents: false,
    });
    standIn.addUser("bob");
  });
  after(async () => {
    await standIn.close();
    await new Promise((resolve) => hooks.close(resolve));
  });

  const client = (token: string) =>
    new Octokit({ auth: token, baseUrl: standIn.apiUrl, log: quiet });

  it("acts as its person, and GitHub's webhooks name that person", async () => {
    const bob = client(standIn.personalToken("bob"));
    const where = { owner: standIn.owner, repo: standIn.repo };
    const issue = await bob.rest.issues.create({ ...where, title: "t" });
    const made = await bob.rest.issues.createComment({
      ...where,
      issue_number: issue.data.number,
      body: "/approve",
    });
    await standIn.settled();

    assert.match(standIn.personalToken("bob"), /^ghp_[A-Za-z0-9]{36}$/);
    assert.equal(issue.data.user?.login, "bob");
    assert.equal(made.data.user?.login, "bob");
    assert.deepEqual(received, [
      { event: "issues", sender: "bob" },
      { event: "issue_comment", sender: "bob" },
    ]);
    assert.deepEqual(standIn.violations, []);
  });

  it("is refused when the stand-in never minted it", async () => {
    const stranger = client(`ghp_${"x".repeat(36)}`);
    const where = { owner: standIn.owner, repo: standIn.repo };
    await assert.rejects(stranger.rest.issues.listForRepo(where), {
      status: 401,
    });
  });

  it("cannot be minted for an unknown login", () => {
    assert.throws(
      () => standIn.personalToken("nobody"),
      (err) => isAppError(err, "AR_STANDIN_UNKNOWN"),
    );
  });
});

async function startHookSink(
  received: { event: string; sender: string }[],
): Promise<Server> {
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const payload = JSON.parse(text) as { sender: { login: string } };
      const event = String(req.headers["x-github-event"]);
      received.push({ event, sender: payload.sender.login });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
