import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const checkName = "approval-runner / workflows";

function checksOf(h: Harness, sha: string) {
  return h.gh.checkRuns().filter((c) => c.headSha === sha);
}

const broken = `name: broken
description: names an action that does not exist.
input: { type: object, properties: {} }
tasks:
  a:
    action: core.nothing
`;

describe("a pull request whose changed files cannot be listed", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("still gets a check run that says the workflows were not checked", async () => {
    h.gh.failNext({
      method: "GET",
      pathPattern: /^\/repos\/acme\/ops\/pulls\/\d+\/files$/,
      status: 502,
    });
    const sha = h.gh.commit(h.repo, "list-fails", {
      "workflows/broken.yaml": broken,
    });
    await h.gh.openPullRequest("alice", {
      head: "list-fails",
      title: "A broken workflow",
    });
    await h.settle();
    const [check] = checksOf(h, sha);
    assert.equal(check?.name, checkName, "no check run was made");
    assert.equal(check?.conclusion, "failure");
  });

  it("gets a failing check when GitHub answers (the control)", async () => {
    const sha = h.gh.commit(h.repo, "list-works", {
      "workflows/broken.yaml": broken,
    });
    await h.gh.openPullRequest("alice", {
      head: "list-works",
      title: "A broken workflow again",
    });
    await h.settle();
    const [check] = checksOf(h, sha);
    assert.equal(check?.conclusion, "failure");
    assert.equal(check?.annotations.length, 1);
  });
});

describe("a pull request that adds a 10 MB workflow file", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("gets a failing check that names the file as too large", async () => {
    const sha = h.gh.commit(h.repo, "huge", {
      "workflows/huge.yaml": `# ${"x".repeat(10 * 1024 * 1024)}\n`,
    });
    await h.gh.openPullRequest("alice", {
      head: "huge",
      title: "A huge workflow",
    });
    await h.settle();
    const [check] = checksOf(h, sha);
    assert.equal(check?.name, checkName, "no check run was made");
    assert.equal(check?.conclusion, "failure");
    const codes = check?.annotations.map((a) => String(a["title"]));
    assert.deepEqual(codes, ["workflow too-large"]);
  });
});
