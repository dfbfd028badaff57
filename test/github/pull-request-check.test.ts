import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const listFiles = /^\/repos\/acme\/ops\/pulls\/\d+\/files$/;
const contents = /^\/repos\/acme\/ops\/contents\//;

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

async function openWith(h: Harness, branch: string, body: string) {
  const sha = h.gh.commit(h.repo, branch, { "workflows/one.yaml": body });
  await h.gh.openPullRequest("alice", { head: branch, title: branch });
  await h.settle();
  return checksOf(h, sha);
}

function assertUnchecked(summary: string | null | undefined) {
  assert.match(summary ?? "", /were not checked/);
  assert.match(summary ?? "", /HTTP 502/);
  assert.match(summary ?? "", /"Re-run"/);
  assert.doesNotMatch(summary ?? "", /\n\s+at /, "a stack in the summary");
}

describe("the pull request check when GitHub fails", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("lists the files again after one 502 and checks them", async () => {
    h.gh.failNext({ method: "GET", pathPattern: listFiles, status: 502 });
    const before = h.gh.countCalls({ method: "GET", path: listFiles });
    const [check, ...more] = await openWith(h, "one-502", broken);
    const calls = h.gh.countCalls({ method: "GET", path: listFiles });
    assert.equal(calls - before, 2);
    assert.equal(more.length, 0);
    assert.equal(check?.conclusion, "failure");
    assert.deepEqual(
      check?.annotations.map((a) => a["title"]),
      ["workflow unknown-action"],
    );
  });

  it("fails the check, unchecked, when the list fails twice", async () => {
    h.gh.failNext({
      method: "GET",
      pathPattern: listFiles,
      status: 502,
      times: 2,
    });
    const [check] = await openWith(h, "two-502", broken);
    assert.equal(check?.status, "completed");
    assert.equal(check?.conclusion, "failure");
    assert.equal(check?.title, "Workflows could not be checked");
    assert.deepEqual(check?.annotations, []);
    assertUnchecked(check?.summary);
  });

  it("fails the started check when a file cannot be read", async () => {
    h.gh.failNext({ method: "GET", pathPattern: contents, status: 502 });
    const [check] = await openWith(h, "read-502", broken);
    assert.equal(check?.conclusion, "failure");
    assert.equal(check?.title, "Workflows could not be checked");
    assertUnchecked(check?.summary);
  });

  it("makes no check when the list answers with no workflow", async () => {
    const sha = h.gh.commit(h.repo, "docs", { "README.md": "hello\n" });
    await h.gh.openPullRequest("alice", { head: "docs", title: "Docs" });
    await h.settle();
    assert.deepEqual(checksOf(h, sha), []);
  });
});

describe("the pull request check of a large workflow file", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const sizes: [string, number][] = [
    ["just over 256 KB", 256 * 1024 + 1],
    ["over 1 MB, which GitHub serves without content", 2 * 1024 * 1024],
  ];
  for (const [what, bytes] of sizes) {
    it(`refuses a file ${what} by its size`, async () => {
      const body = `# ${"x".repeat(bytes - 3)}\n`;
      const [check] = await openWith(h, `big-${bytes}`, body);
      assert.equal(check?.conclusion, "failure");
      const [note, ...more] = check?.annotations ?? [];
      assert.equal(more.length, 0);
      assert.equal(note?.["title"], "workflow too-large");
      assert.equal(note?.["path"], "workflows/one.yaml");
      assert.match(String(note?.["message"]), new RegExp(`${bytes} bytes`));
    });
  }

  it("checks a workflow just under the limit as usual", async () => {
    const pad = `# ${"x".repeat(200 * 1024)}\n`;
    const [check] = await openWith(h, "big-ok", `${pad}${broken}`);
    assert.deepEqual(
      check?.annotations.map((a) => a["title"]),
      ["workflow unknown-action"],
    );
  });
});
