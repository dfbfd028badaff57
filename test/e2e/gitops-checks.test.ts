import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Harness, repoRoot, startHarness } from "../support/harness.js";

const fixtures = join(repoRoot, "test/fixtures/gitops/workflows");
const fixture = (name: string) => readFileSync(join(fixtures, name), "utf8");
const checkName = "approval-runner / workflows";

function checksOf(h: Harness, sha: string) {
  return h.gh.checkRuns().filter((c) => c.headSha === sha);
}

function places(annotations: Record<string, unknown>[]) {
  return annotations.map(
    (a) => `${a["path"]}:${a["start_line"]}:${a["start_column"]}`,
  );
}

/** Sixty tasks, each naming an action that does not exist. */
function manyProblems(): string {
  const tasks = Array.from(
    { length: 60 },
    (_, i) => `  t${i}:\n    action: core.nothing${i}\n`,
  );
  return `name: many\ntasks:\n${tasks.join("")}`;
}

describe("a pull request that touches workflows", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  describe("adding a broken workflow", () => {
    let number: number;
    let sha: string;
    before(async () => {
      sha = h.gh.commit(h.repo, "add-rotate", {
        "workflows/rotate_logs.yaml": fixture("rotate_logs.broken.yaml"),
      });
      const pull = await h.gh.openPullRequest("alice", {
        head: "add-rotate",
        title: "Add log rotation",
      });
      number = pull.number;
      await h.settle();
    });

    it("gets a failing check with an annotation at each problem", () => {
      const [check, ...more] = checksOf(h, sha);
      assert.equal(more.length, 0);
      assert.equal(check?.name, checkName);
      assert.equal(check?.conclusion, "failure");
      assert.deepEqual(places(check!.annotations), [
        "workflows/rotate_logs.yaml:9:41",
        "workflows/rotate_logs.yaml:15:50",
        "workflows/rotate_logs.yaml:17:13",
        "workflows/rotate_logs.yaml:19:13",
      ]);
      assert.match(
        String(check!.annotations[1]?.["message"]),
        /`unti` is not defined/,
      );
    });

    it("turns green when a fix is pushed", async () => {
      const fixed = await h.gh.pushPullRequest(number, {
        "workflows/rotate_logs.yaml": fixture("rotate_logs.yaml"),
      });
      await h.settle();
      const [check] = checksOf(h, fixed);
      assert.equal(check?.conclusion, "success");
      assert.deepEqual(check?.annotations, []);
      assert.match(check?.summary ?? "", /`workflows\/rotate_logs.yaml`/);
    });

    it("is not a workflow a request can run", async () => {
      const issue = await h.gh.openIssue("alice", {
        title: "rotate",
        body: "/run rotate_logs unit=nginx host=web-1",
      });
      await h.settle();
      const said = h.gh.comments(issue.number).at(-1)?.body ?? "";
      assert.match(said, /`rotate_logs` was not found/);
      assert.equal(
        h.app.store.runs.find("acme", "ops", issue.number),
        undefined,
      );
    });
  });

  describe("changing what an existing workflow runs", () => {
    it("never changes what a run from the default branch executes", async () => {
      const original = fixtureFromRepo("service_restart_v1.yaml");
      const head = h.gh.commit(h.repo, "stop-instead", {
        "workflows/service_restart_v1.yaml": original.replace(
          "systemctl restart",
          "systemctl stop",
        ),
      });
      await h.gh.openPullRequest("Mallory", {
        head: "stop-instead",
        title: "Tidy",
      });
      await h.settle();
      assert.equal(checksOf(h, head)[0]?.conclusion, "success");
      h.sshd.clearRecords();
      const before = h.gh.calls.length;
      const issue = await h.gh.openIssue("alice", {
        title: "restart",
        body: "/run service_restart_v1 service=crond host=web-1",
      });
      await h.settle();
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      const reads = h.gh.calls.slice(before).map((c) => c.path);
      assert.ok(reads.some((p) => p.includes("/contents/workflows")));
      assert.ok(reads.every((p) => !p.includes(head)));
      const run = h.app.store.runs.find("acme", "ops", issue.number);
      assert.notEqual(run?.workflowSha, head);
      assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    });
  });

  describe("with more than fifty problems", () => {
    it("sends every annotation, fifty per request", async () => {
      const updates = h.gh.countCalls({ operationId: "checks/update" });
      const sha = h.gh.commit(h.repo, "many", {
        "workflows/many.yaml": manyProblems(),
      });
      await h.gh.openPullRequest("alice", { head: "many", title: "Many" });
      await h.settle();
      const [check] = checksOf(h, sha);
      assert.equal(check?.annotations.length, 60);
      assert.equal(check?.conclusion, "failure");
      assert.equal(
        h.gh.countCalls({ operationId: "checks/update" }) - updates,
        2,
      );
    });
  });

  describe("that touches no workflow", () => {
    it("gets no check run", async () => {
      const sha = h.gh.commit(h.repo, "docs", { "README.md": "# ops\n" });
      await h.gh.openPullRequest("alice", { head: "docs", title: "Docs" });
      await h.settle();
      assert.deepEqual(checksOf(h, sha), []);
    });
  });
});

function fixtureFromRepo(name: string): string {
  return readFileSync(join(repoRoot, "workflows", name), "utf8");
}
