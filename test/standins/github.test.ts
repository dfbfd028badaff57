import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import {
  type AppKeys,
  generateAppKeys,
  mintInstallationToken,
  signAppJwt,
} from "../../src/standins/github/credentials.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";

const appId = 4242;
const keys: AppKeys = generateAppKeys();
const strangerKeys: AppKeys = generateAppKeys();
const now = () => Math.floor(Date.now() / 1000);
// Octokit logs every failed request; these tests fail requests on purpose.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let standIn: GitHubStandIn;
let octokit: Octokit;
let token: string;

before(async () => {
  standIn = await startGitHubStandIn({
    appId,
    appSlug: "approval-runner",
    publicKeyPem: keys.publicKeyPem,
    webhookSecret: "unused-here",
    echoAppEvents: false,
  });
  standIn.addUser("alice");
  token = await mintInstallationToken({ ...standIn, appId, ...keys });
  octokit = new Octokit({ auth: token, baseUrl: standIn.apiUrl, log: quiet });
});

after(() => standIn.close());

const repoParams = () => ({ owner: standIn.owner, repo: standIn.repo });

function postToken(authorization?: string): Promise<Response> {
  const id = standIn.installationId;
  const url = `${standIn.apiUrl}/app/installations/${id}/access_tokens`;
  const headers: Record<string, string> = authorization
    ? { authorization }
    : {};
  return fetch(url, { method: "POST", headers });
}

async function newIssue(): Promise<number> {
  const made = await octokit.rest.issues.create({
    ...repoParams(),
    title: "t",
  });
  return made.data.number;
}

describe("the GitHub stand-in's token exchange", () => {
  const refusals = [
    {
      name: "refuses a JWT signed with another key",
      header: () =>
        `Bearer ${signAppJwt(strangerKeys.privateKeyPem, { iss: appId })}`,
    },
    {
      name: "refuses an expired JWT",
      header: () =>
        `Bearer ${signAppJwt(keys.privateKeyPem, {
          iss: appId,
          iat: now() - 900,
          exp: now() - 300,
        })}`,
    },
    {
      name: "refuses a JWT meant to live over ten minutes",
      header: () =>
        `Bearer ${signAppJwt(keys.privateKeyPem, {
          iss: appId,
          iat: now(),
          exp: now() + 3600,
        })}`,
    },
    {
      name: "refuses a JWT issued by another app",
      header: () => `Bearer ${signAppJwt(keys.privateKeyPem, { iss: 7 })}`,
    },
    { name: "refuses a request without a JWT", header: () => undefined },
  ];

  for (const refusal of refusals) {
    it(`${refusal.name}, in GitHub's error shape`, async () => {
      const response = await postToken(refusal.header());
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 401);
      assert.equal(typeof body["message"], "string");
      assert.match(String(body["documentation_url"]), /^https:\/\//);
    });
  }

  it("mints a ghs_ token good for an hour for a valid JWT", async () => {
    const jwt = signAppJwt(keys.privateKeyPem, { iss: String(appId) });
    const response = await postToken(`bearer ${jwt}`);
    const body = (await response.json()) as {
      token: string;
      expires_at: string;
    };
    assert.equal(response.status, 201);
    assert.match(body.token, /^ghs_[A-Za-z0-9]{36}$/);
    const minutes = (Date.parse(body.expires_at) - Date.now()) / 60_000;
    assert.ok(minutes > 58 && minutes <= 60, `expires in ${minutes} min`);
  });

  it("answers REST routes 401 without a token and 200 with one", async () => {
    const url = `${standIn.apiUrl}/repos/${standIn.owner}/${standIn.repo}`;
    const without = await fetch(url);
    const withToken = await fetch(url, {
      headers: { authorization: `token ${token}` },
    });
    assert.equal(without.status, 401);
    assert.equal(withToken.status, 200);
  });

  it("answers a REST route 401 to an app JWT", async () => {
    const jwt = signAppJwt(keys.privateKeyPem, { iss: appId });
    const response = await fetch(`${standIn.apiUrl}/users/alice`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    assert.equal(response.status, 401);
  });
});

describe("the GitHub stand-in's OpenAPI checks", () => {
  afterEach(() => {
    (standIn.violations as unknown[]).length = 0;
  });

  async function postComment(body: unknown): Promise<Response> {
    const number = await newIssue();
    const path = `/repos/${standIn.owner}/${standIn.repo}/issues/${number}/comments`;
    return fetch(`${standIn.apiUrl}${path}`, {
      method: "POST",
      headers: {
        authorization: `token ${token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
  }

  const badBodies = [
    { name: "a misspelt key", body: { bdy: "x" } },
    { name: "a number body", body: { body: 42 } },
  ];

  for (const bad of badBodies) {
    it(`records a comment with ${bad.name} as a violation, answered 500`, async () => {
      const response = await postComment(bad.body);
      const answer = (await response.json()) as { message: string };
      assert.equal(response.status, 500);
      assert.match(answer.message, /^stand-in: OpenAPI violation/);
      assert.equal(standIn.violations.length, 1);
      assert.equal(standIn.violations[0]?.operationId, "issues/create-comment");
    });
  }

  it("records an unknown route as a violation, answered 404", async () => {
    const response = await fetch(`${standIn.apiUrl}/repos/a/b/no-such-thing`, {
      headers: { authorization: `token ${token}` },
    });
    assert.equal(response.status, 404);
    assert.equal(standIn.violations.length, 1);
  });

  it("records a path parameter of the wrong type", async () => {
    const path = `/repos/${standIn.owner}/${standIn.repo}/issues/abc`;
    const response = await fetch(`${standIn.apiUrl}${path}`, {
      headers: { authorization: `token ${token}` },
    });
    assert.equal(response.status, 500);
    assert.match(standIn.violations[0]?.problem ?? "", /issue_number/);
  });

  it("records nothing for a conforming request", async () => {
    const response = await postComment({ body: "fine" });
    assert.equal(response.status, 201);
    assert.deepEqual(standIn.violations, []);
  });
});

describe("the GitHub stand-in's body limit", () => {
  const limit = 65_536;

  it("refuses a comment over 65,536 characters with 422 and keeps none", async () => {
    const number = await newIssue();
    const error = await octokit.rest.issues
      .createComment({
        ...repoParams(),
        issue_number: number,
        body: "x".repeat(limit + 1),
      })
      .catch((err: { status: number; response: { data: unknown } }) => err);
    assert.equal("status" in error ? error.status : 0, 422);
    const data = (error as { response: { data: { errors: unknown[] } } })
      .response.data;
    assert.deepEqual(data.errors[0], {
      resource: "IssueComment",
      field: "body",
      code: "custom",
      message: "body is too long (maximum is 65536 characters)",
    });
    assert.deepEqual(standIn.comments(number), []);
  });

  it("accepts a comment of exactly 65,536 characters", async () => {
    const number = await newIssue();
    const body = "é".repeat(limit);
    await octokit.rest.issues.createComment({
      ...repoParams(),
      issue_number: number,
      body,
    });
    assert.equal(standIn.comments(number)[0]?.body, body);
  });

  it("refuses an issue body over the limit with 422", async () => {
    const status = await octokit.rest.issues
      .create({ ...repoParams(), title: "t", body: "y".repeat(limit + 1) })
      .then(
        () => 201,
        (err: { status: number }) => err.status,
      );
    assert.equal(status, 422);
  });
});

describe("the GitHub stand-in's pagination", () => {
  let number = 0;

  before(async () => {
    number = await newIssue();
    for (let i = 1; i <= 75; i++) {
      await standIn.comment("alice", number, `comment ${i}`);
    }
  });

  function rels(link: string | null): Record<string, number> {
    const found: Record<string, number> = {};
    for (const part of (link ?? "").split(",").filter(Boolean)) {
      const match = /<([^>]+)>; rel="(\w+)"/.exec(part.trim());
      if (!match?.[1] || !match[2]) continue;
      const url = new URL(match[1]);
      assert.equal(url.searchParams.get("per_page"), "30");
      assert.ok(url.pathname.startsWith("/api/v3/repos/"));
      found[match[2]] = Number(url.searchParams.get("page"));
    }
    return found;
  }

  const pages = [
    { page: 1, count: 30, links: { next: 2, last: 3 } },
    { page: 2, count: 30, links: { prev: 1, next: 3, last: 3, first: 1 } },
    { page: 3, count: 15, links: { prev: 2, first: 1 } },
  ];

  for (const expected of pages) {
    it(`links page ${expected.page} of 75 comments at per_page 30 like GitHub`, async () => {
      const path = `/repos/${standIn.owner}/${standIn.repo}/issues/${number}/comments`;
      const response = await fetch(
        `${standIn.apiUrl}${path}?per_page=30&page=${expected.page}`,
        { headers: { authorization: `token ${token}` } },
      );
      const items = (await response.json()) as unknown[];
      assert.equal(items.length, expected.count);
      assert.deepEqual(rels(response.headers.get("link")), expected.links);
    });
  }

  it("lets Octokit's paginate collect all 75 comments in order", async () => {
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repoParams(),
      issue_number: number,
      per_page: 30,
    });
    assert.equal(all.length, 75);
    assert.equal(all[74]?.body, "comment 75");
  });

  it("defaults to 30 per page and caps per_page at 100", async () => {
    const path = `/repos/${standIn.owner}/${standIn.repo}/issues/${number}/comments`;
    const get = (query: string) =>
      fetch(`${standIn.apiUrl}${path}${query}`, {
        headers: { authorization: `token ${token}` },
      }).then((r) => r.json() as Promise<unknown[]>);
    assert.equal((await get("")).length, 30);
    assert.equal((await get("?per_page=500")).length, 75);
  });
});

describe("the GitHub stand-in's contents API", () => {
  it("serves a file as it was at a ref, not at the branch head", async () => {
    const first = standIn.commit(standIn.repo, "main", {
      "workflows/restart.yaml": "version: 1\n",
    });
    standIn.commit(standIn.repo, "main", {
      "workflows/restart.yaml": "version: 2\n",
    });
    const read = async (ref?: string) => {
      const { data } = await octokit.rest.repos.getContent({
        ...repoParams(),
        path: "workflows/restart.yaml",
        ...(ref ? { ref } : {}),
      });
      const file = data as { content: string };
      return Buffer.from(file.content, "base64").toString("utf8");
    };
    assert.equal(await read(first), "version: 1\n");
    assert.equal(await read(), "version: 2\n");
    assert.equal(await read("main"), "version: 2\n");
  });

  it("lists a directory and answers 404 for a missing path", async () => {
    standIn.commit(standIn.repo, "main", { "workflows/other.yaml": "x\n" });
    const { data } = await octokit.rest.repos.getContent({
      ...repoParams(),
      path: "workflows",
    });
    const names = (data as { name: string }[]).map((entry) => entry.name);
    assert.deepEqual(names, ["other.yaml", "restart.yaml"]);
    const status = await octokit.rest.repos
      .getContent({ ...repoParams(), path: "nope.yaml" })
      .then(
        () => 200,
        (err: { status: number }) => err.status,
      );
    assert.equal(status, 404);
  });

  it("deletes a path in a commit when given null", async () => {
    standIn.commit(standIn.repo, "main", { "workflows/other.yaml": null });
    const status = await octokit.rest.repos
      .getContent({ ...repoParams(), path: "workflows/other.yaml" })
      .then(
        () => 200,
        (err: { status: number }) => err.status,
      );
    assert.equal(status, 404);
  });
});

describe("the GitHub stand-in's faults", () => {
  it("with failNext afterActing, creates the comment yet answers 502", async () => {
    const number = await newIssue();
    standIn.failNext({
      method: "POST",
      pathPattern: /\/issues\/\d+\/comments$/,
      status: 502,
      afterActing: true,
    });
    const status = await octokit.rest.issues
      .createComment({ ...repoParams(), issue_number: number, body: "once" })
      .then(
        () => 201,
        (err: { status: number }) => err.status,
      );
    assert.equal(status, 502);
    assert.deepEqual(
      standIn.comments(number).map((c) => c.body),
      ["once"],
    );
  });

  it("with failNext before acting, answers 502 and creates nothing", async () => {
    const number = await newIssue();
    standIn.failNext({
      method: "post",
      pathPattern: /\/issues\/\d+\/comments$/,
      status: 502,
    });
    const status = await octokit.rest.issues
      .createComment({ ...repoParams(), issue_number: number, body: "lost" })
      .then(
        () => 201,
        (err: { status: number }) => err.status,
      );
    assert.equal(status, 502);
    assert.deepEqual(standIn.comments(number), []);
    const again = await octokit.rest.issues.createComment({
      ...repoParams(),
      issue_number: number,
      body: "second try",
    });
    assert.equal(again.status, 201);
  });

  it("with delayNext afterActing, acts first and holds the answer", async () => {
    const number = await newIssue();
    standIn.delayNext({
      method: "POST",
      pathPattern: /\/comments$/,
      ms: 2000,
      afterActing: true,
    });
    const abort = new AbortController();
    const request = octokit.rest.issues
      .createComment({
        ...repoParams(),
        issue_number: number,
        body: "slow",
        request: { signal: abort.signal },
      })
      .then(
        () => "answered",
        () => "aborted",
      );
    while (standIn.comments(number).length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    abort.abort();
    assert.equal(await request, "aborted");
  });

  it("counts calls by operation and status", () => {
    const created = standIn.countCalls({
      operationId: "issues/create-comment",
      status: 502,
    });
    assert.equal(created, 2);
  });
});
