import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const listFiles = /^\/repos\/acme\/ops\/pulls\/\d+\/files$/;

const broken = `name: broken
description: names an action that does not exist.
input: { type: object, properties: {} }
tasks:
  a:
    action: core.nothing
`;

function checksOf(h: Harness, sha: string) {
  return h.gh.checkRuns().filter((c) => c.headSha === sha);
}

function titles(annotations: Record<string, unknown>[] | undefined) {
  return (annotations ?? []).map((a) => a["title"]);
}

/** A pull request whose check failed because GitHub answered 502 twice. */
async function failedTwice(h: Harness, branch: string) {
  h.gh.failNext({
    method: "GET",
    pathPattern: listFiles,
    status: 502,
    times: 2,
  });
  const sha = h.gh.commit(h.repo, branch, { "workflows/one.yaml": broken });
  const pull = await h.gh.openPullRequest("alice", {
    head: branch,
    title: branch,
  });
  await h.settle();
  const [check, ...more] = checksOf(h, sha);
  assert.equal(more.length, 0);
  assert.equal(check?.title, "Workflows could not be checked");
  return { sha, number: pull.number, checkId: check?.id ?? 0 };
}

function assertCheckedAgain(h: Harness, sha: string) {
  const [first, again, ...more] = checksOf(h, sha);
  assert.equal(more.length, 0);
  assert.deepEqual(titles(first?.annotations), []);
  assert.equal(again?.status, "completed");
  assert.equal(again?.conclusion, "failure");
  assert.deepEqual(titles(again?.annotations), ["workflow unknown-action"]);
}

describe("re-running the pull request check", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("tells people to press Re-run when GitHub failed", async () => {
    const { sha } = await failedTwice(h, "says-rerun");
    assert.match(checksOf(h, sha)[0]?.summary ?? "", /"Re-run"/);
  });

  describe("from the check run's Re-run button", () => {
    it("checks the head again and annotates the problems", async () => {
      const { sha, checkId } = await failedTwice(h, "run-again");
      await h.gh.rerequestCheckRun("alice", checkId);
      await h.settle();
      assertCheckedAgain(h, sha);
    });

    it("leaves another app's check run alone", async () => {
      const { sha, checkId } = await failedTwice(h, "other-app");
      const calls = h.gh.calls.length;
      const app = { id: 4242, slug: "other-ci" };
      await h.gh.rerequestCheckRun("alice", checkId, { app });
      await h.settle();
      assert.equal(checksOf(h, sha).length, 1);
      assert.deepEqual(h.gh.calls.slice(calls), []);
    });
  });

  describe("from Re-run all checks of the suite", () => {
    it("checks the head again and annotates the problems", async () => {
      const { sha } = await failedTwice(h, "suite-again");
      await h.gh.rerequestCheckSuite("alice", sha);
      await h.settle();
      assertCheckedAgain(h, sha);
    });

    it("leaves another app's suite alone", async () => {
      const { sha } = await failedTwice(h, "other-suite");
      const app = { id: 4242, slug: "other-ci" };
      await h.gh.rerequestCheckSuite("alice", sha, { app });
      await h.settle();
      assert.equal(checksOf(h, sha).length, 1);
    });
  });

  describe("for a pull request from a fork, which GitHub does not name", () => {
    it("finds the pull request by its head and checks it", async () => {
      const { sha, checkId } = await failedTwice(h, "from-fork");
      await h.gh.rerequestCheckRun("alice", checkId, { fromFork: true });
      await h.settle();
      assertCheckedAgain(h, sha);
      assert.ok(h.gh.countCalls({ operationId: "pulls/list" }) > 0);
    });
  });

  describe("on a commit that is no longer the pull request's head", () => {
    let old: string;
    let head: string;
    before(async () => {
      const failed = await failedTwice(h, "moved-on");
      old = failed.sha;
      head = await h.gh.pushPullRequest(failed.number, {
        "workflows/two.yaml": broken,
      });
      await h.settle();
      await h.gh.rerequestCheckRun("alice", failed.checkId);
      await h.settle();
    });

    it("concludes neutral, saying it is not a head, unchecked", () => {
      const [, again, ...more] = checksOf(h, old);
      assert.equal(more.length, 0);
      assert.equal(again?.conclusion, "neutral");
      assert.equal(again?.title, "Not checked again: not a head");
      assert.deepEqual(again?.annotations, []);
      assert.ok(again?.summary?.includes(old));
    });

    it("leaves the new head's own check as it was", () => {
      const checks = checksOf(h, head);
      assert.equal(checks.length, 1);
      assert.equal(checks[0]?.annotations.length, 2);
    });
  });

  describe("on a commit no open pull request has as its head", () => {
    it("concludes neutral without listing any files", async () => {
      const sha = h.gh.commit(h.repo, "no-pull", { "README.md": "x\n" });
      const lists = h.gh.countCalls({ method: "GET", path: listFiles });
      await h.gh.rerequestCheckSuite("alice", sha);
      await h.settle();
      const [check, ...more] = checksOf(h, sha);
      assert.equal(more.length, 0);
      assert.equal(check?.conclusion, "neutral");
      assert.equal(h.gh.countCalls({ method: "GET", path: listFiles }), lists);
    });
  });
});
