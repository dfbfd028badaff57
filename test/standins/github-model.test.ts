import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import {
  generateAppKeys,
  mintInstallationToken,
  signAppJwt,
} from "../../src/standins/github/credentials.js";
import {
  type GitHubStandIn,
  type Permission,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";

const appId = 31;
const keys = generateAppKeys();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let standIn: GitHubStandIn;
let octokit: Octokit;

before(async () => {
  standIn = await startGitHubStandIn({
    appId,
    appSlug: "runner",
    publicKeyPem: keys.publicKeyPem,
    webhookSecret: "s",
    echoAppEvents: false,
  });
  const token = await mintInstallationToken({ ...standIn, appId, ...keys });
  octokit = new Octokit({ auth: token, baseUrl: standIn.apiUrl, log: quiet });
});

after(() => standIn.close());

const repoParams = () => ({ owner: standIn.owner, repo: standIn.repo });

/** The status of a request that may fail. */
function statusOf(request: Promise<{ status: number }>): Promise<number> {
  return request.then(
    (response) => response.status,
    (err: { status: number }) => err.status,
  );
}

describe("the GitHub stand-in's collaborator permissions", () => {
  const cases: { role: Permission | undefined; legacy: string }[] = [
    { role: "admin", legacy: "admin" },
    { role: "maintain", legacy: "write" },
    { role: "write", legacy: "write" },
    { role: "triage", legacy: "read" },
    { role: "read", legacy: "read" },
    { role: undefined, legacy: "none" },
  ];

  for (const { role, legacy } of cases) {
    it(`reports role ${role ?? "none"} as permission ${legacy}`, async () => {
      const login = `user-${role ?? "none"}`;
      standIn.addUser(login);
      if (role) standIn.setPermission(standIn.repo, login, role);
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        ...repoParams(),
        username: login,
      });
      assert.equal(data.permission, legacy);
      assert.equal(data.role_name, role ?? "none");
    });
  }

  it("answers 404 for a login nobody has", async () => {
    const status = await statusOf(
      octokit.rest.repos.getCollaboratorPermissionLevel({
        ...repoParams(),
        username: "nobody",
      }),
    );
    assert.equal(status, 404);
  });
});

describe("the GitHub stand-in's teams", () => {
  it("pages team members with a Link header", async () => {
    const logins = Array.from({ length: 35 }, (_, i) => `member-${i}`);
    for (const login of logins) standIn.addUser(login);
    standIn.addTeam("ops", logins);
    const first = await octokit.rest.teams.listMembersInOrg({
      org: standIn.owner,
      team_slug: "ops",
    });
    assert.equal(first.data.length, 30);
    assert.match(String(first.headers.link), /page=2>; rel="next"/);
    const all = await octokit.paginate(octokit.rest.teams.listMembersInOrg, {
      org: standIn.owner,
      team_slug: "ops",
    });
    assert.deepEqual(
      all.map((user) => user.login),
      logins,
    );
  });

  it("answers 404 for an unknown team", async () => {
    const status = await statusOf(
      octokit.rest.teams.listMembersInOrg({
        org: standIn.owner,
        team_slug: "nope",
      }),
    );
    assert.equal(status, 404);
  });
});

describe("the GitHub stand-in's issues and labels", () => {
  let number = 0;
  const target = () => ({ ...repoParams(), issue_number: number });

  before(async () => {
    const made = await octokit.rest.issues.create({
      ...repoParams(),
      title: "t",
    });
    number = made.data.number;
  });

  it("creates labels on first use, as GitHub does when adding them", async () => {
    const { data } = await octokit.rest.issues.addLabels({
      ...target(),
      labels: ["paused", "Paused", "ops"],
    });
    assert.deepEqual(
      data.map((label) => label.name),
      ["paused", "ops"],
    );
  });

  it("answers 404 removing a label the issue lacks", async () => {
    const status = await statusOf(
      octokit.rest.issues.removeLabel({ ...target(), name: "absent" }),
    );
    assert.equal(status, 404);
  });

  it("replaces all labels with set", async () => {
    await octokit.rest.issues.setLabels({ ...target(), labels: ["done"] });
    assert.deepEqual(standIn.labels(number), ["done"]);
  });

  it("closes with a state reason and reopens as reopened", async () => {
    await octokit.rest.issues.update({
      ...target(),
      state: "closed",
      state_reason: "not_planned",
    });
    const closed = standIn.issue(number);
    assert.equal(closed?.state, "closed");
    assert.equal(closed?.stateReason, "not_planned");
    assert.ok(closed?.closedAt);
    await octokit.rest.issues.update({ ...target(), state: "open" });
    assert.equal(standIn.issue(number)?.stateReason, "reopened");
  });

  it("numbers issues and pull requests in one sequence", async () => {
    standIn.commit(standIn.repo, "main", { "a.txt": "a\n" });
    standIn.commit(standIn.repo, "topic", { "b.txt": "b\n" });
    standIn.addUser("alice");
    const pr = await standIn.openPullRequest("alice", {
      head: "topic",
      title: "p",
    });
    const next = await octokit.rest.issues.create({
      ...repoParams(),
      title: "n",
    });
    assert.equal(next.data.number, pr.number + 1);
    const asIssue = await octokit.rest.issues.get({
      ...repoParams(),
      issue_number: pr.number,
    });
    assert.ok(asIssue.data.pull_request);
  });

  it("keeps comment ids unique across repositories", async () => {
    standIn.addRepo("other");
    standIn.addUser("bob");
    const elsewhere = await standIn.openIssue("bob", {
      title: "x",
      body: "y",
      repo: "other",
    });
    const a = await standIn.comment("bob", elsewhere.number, "a", {
      repo: "other",
    });
    const b = await standIn.comment("bob", number, "b");
    assert.notEqual(a.id, b.id);
    assert.equal(elsewhere.number, 1);
  });

  it("answers 201 to a new reaction and 200 to the same one again", async () => {
    const made = await octokit.rest.issues.createComment({
      ...target(),
      body: "react",
    });
    const react = () =>
      octokit.rest.reactions.createForIssueComment({
        ...repoParams(),
        comment_id: made.data.id,
        content: "eyes",
      });
    assert.equal((await react()).status, 201);
    assert.equal((await react()).status, 200);
  });
});

describe("the GitHub stand-in's check runs", () => {
  let sha = "";

  before(() => {
    sha = standIn.commit(standIn.repo, "checks", { "w.yaml": "w\n" });
  });

  it("keeps annotations across updates and completes on a conclusion", async () => {
    const annotation = {
      path: "w.yaml",
      start_line: 1,
      end_line: 1,
      annotation_level: "failure" as const,
      message: "bad",
    };
    const created = await octokit.rest.checks.create({
      ...repoParams(),
      name: "validate",
      head_sha: sha,
      output: { title: "t", summary: "s", annotations: [annotation] },
    });
    await octokit.rest.checks.update({
      ...repoParams(),
      check_run_id: created.data.id,
      conclusion: "failure",
      output: { title: "t", summary: "s", annotations: [annotation] },
    });
    const [run] = standIn.checkRuns();
    assert.equal(run?.status, "completed");
    assert.equal(run?.conclusion, "failure");
    assert.equal(run?.annotations.length, 2);
  });

  it("answers 422 for a head sha the repository lacks", async () => {
    const status = await statusOf(
      octokit.rest.checks.create({
        ...repoParams(),
        name: "validate",
        head_sha: "0".repeat(40),
      }),
    );
    assert.equal(status, 422);
  });

  it("treats more than 50 annotations in one request as a violation", async () => {
    const annotations = Array.from({ length: 51 }, () => ({
      path: "w.yaml",
      start_line: 1,
      end_line: 1,
      annotation_level: "notice" as const,
      message: "m",
    }));
    const status = await statusOf(
      octokit.rest.checks.create({
        ...repoParams(),
        name: "many",
        head_sha: sha,
        output: { title: "t", summary: "s", annotations },
      }),
    );
    assert.equal(status, 500);
    assert.equal(standIn.violations.at(-1)?.operationId, "checks/create");
    (standIn.violations as unknown[]).length = 0;
  });
});

describe("the GitHub stand-in's app routes", () => {
  const jwtOctokit = () =>
    new Octokit({
      auth: signAppJwt(keys.privateKeyPem, { iss: appId }),
      baseUrl: standIn.apiUrl,
      log: quiet,
    });

  it("serves the app and its installation to the app's JWT", async () => {
    const app = await jwtOctokit().rest.apps.getAuthenticated();
    assert.equal(app.data?.id, appId);
    const found = await jwtOctokit().rest.apps.getRepoInstallation(
      repoParams(),
    );
    assert.equal(found.data.id, standIn.installationId);
    const other = await statusOf(
      jwtOctokit().rest.apps.getInstallation({ installation_id: 999 }),
    );
    assert.equal(other, 404);
  });

  it("answers 401 to an installation token on an app route", async () => {
    const status = await statusOf(octokit.rest.apps.getAuthenticated());
    assert.equal(status, 401);
  });
});

describe("the GitHub stand-in's git model", () => {
  it("serves a commit with its parent and a branch at its head", async () => {
    const first = standIn.commit(standIn.repo, "git", { "g.txt": "1\n" });
    const second = standIn.commit(standIn.repo, "git", { "g.txt": "2\n" });
    const commit = await octokit.rest.repos.getCommit({
      ...repoParams(),
      ref: second,
    });
    assert.deepEqual(
      commit.data.parents.map((p) => p.sha),
      [first],
    );
    const branch = await octokit.rest.repos.getBranch({
      ...repoParams(),
      branch: "git",
    });
    assert.equal(branch.data.commit.sha, second);
    const missing = await statusOf(
      octokit.rest.repos.getBranch({ ...repoParams(), branch: "nope" }),
    );
    assert.equal(missing, 404);
  });

  it("served every answer above within GitHub's description", () => {
    assert.deepEqual(standIn.violations, []);
  });
});
