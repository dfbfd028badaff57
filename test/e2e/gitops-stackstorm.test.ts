import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Harness, repoRoot, startHarness } from "../support/harness.js";

const seedPack = join(repoRoot, "../shared/fixtures/stackstorm-demo_inquiries");
const ownPack = join(repoRoot, "test/fixtures/gitops/pack");

/** Every file of a pack folder, by its path in the pack. */
function packFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

const yes = (field: string, value: string) =>
  `\`\`\`yaml\n${field}: ${value}\n\`\`\``;

describe("a repository holding StackStorm packs", {
  skip: !existsSync(seedPack),
}, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      // The seed's pack read as published, beside the project's own pack.
      workflows: { ...packFiles(seedPack), ...packFiles(ownPack) },
      config: {
        localAlias: "web-1",
        importedApprovers: { users: [], teams: ["ops"], roles: [] },
      },
    });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  async function request(body: string): Promise<number> {
    h.sshd.clearRecords();
    const issue = await h.gh.openIssue("alice", { title: "run", body });
    await h.settle();
    return issue.number;
  }

  async function reply(issue: number, login: string, body: string) {
    await h.gh.comment(login, issue, body);
    await h.settle();
  }

  const said = (issue: number) => h.gh.comments(issue).at(-1)?.body ?? "";

  describe("the seed's pack, unchanged", () => {
    it("runs v1 with the operator's local alias", async () => {
      const n = await request("/run service_restart_v1 service=crond");
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
      assert.match(
        h.gh
          .comments(n)
          .map((c) => c.body)
          .join("\n"),
        /`web-1`/,
      );
    });

    it("runs v2 once a member of the imported approvers' team replies", async () => {
      const n = await request("/run service_restart_v2 service=crond");
      assert.deepEqual(h.gh.labels(n), ["paused"]);
      assert.match(said(n), /@acme\/ops/);
      await reply(n, "carol", yes("secondfactor", "approved"));
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    });

    it("refuses v3 naming its undefined variable at file and line", async () => {
      const n = await request(
        "/run service_restart_v3 service=crond duo_username=bob",
      );
      assert.match(
        said(n),
        /actions\/workflows\/service_restart_v3\.yaml:31:23: `username` is not defined/,
      );
      assert.equal(h.app.store.runs.find("acme", "ops", n), undefined);
    });
  });

  describe("the project's Mistral v2 pack", () => {
    it("checks, asks and restarts when approved", async () => {
      const n = await request("/run restart_checked service=nginx reason=leak");
      assert.deepEqual(h.sshd.records(), [["is-active", "nginx"]]);
      assert.match(said(n), /members of @acme\/ops/);
      assert.match(said(n), /reason: leak/);
      await reply(n, "bob", yes("decision", "approve"));
      assert.deepEqual(h.sshd.records(), [
        ["is-active", "nginx"],
        ["restart", "nginx"],
      ]);
      const run = h.app.store.runs.find("acme", "ops", n)!;
      assert.deepEqual(run.ctx["decision"], "approve");
      assert.deepEqual(run.ctx["checked"], 0);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    });

    it("ends without a restart when denied", async () => {
      const n = await request("/run restart_checked service=nginx");
      await reply(n, "bob", yes("decision", "deny"));
      assert.deepEqual(h.sshd.records(), [["is-active", "nginx"]]);
      assert.equal(
        h.app.store.runs.find("acme", "ops", n)?.ctx["decision"],
        "deny",
      );
    });

    it("reports a unit that is down through on-error, asking nobody", async () => {
      h.sshd.setShimBehaviour({ exitCode: 3 });
      try {
        const n = await request("/run restart_checked service=nginx");
        assert.deepEqual(h.sshd.records(), [
          ["is-active", "nginx"],
          ["status", "nginx"],
        ]);
        const steps = h.app.store.steps.ofRun(
          h.app.store.runs.find("acme", "ops", n)!.id,
        );
        assert.deepEqual(
          steps.map((s) => `${s.task} ${s.status}`),
          ["check failed", "report_down failed", "audit succeeded"],
        );
      } finally {
        h.sshd.setShimBehaviour({});
      }
    });
  });

  describe("the project's Orquesta pack", () => {
    it("restarts on the host the request chose once bob approves", async () => {
      const n = await request("/run rollout unit=crond host=web-2");
      await reply(n, "bob", yes("decision", "approve"));
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.match(
        h.gh
          .comments(n)
          .map((c) => c.body)
          .join("\n"),
        /`web-2`/,
      );
      const run = h.app.store.runs.find("acme", "ops", n)!;
      assert.equal(run.ctx["restarted"], true);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    });
  });

  describe("a pull request changing a pack's workflow", () => {
    it("gets an annotation at the entry point's line", async () => {
      const path = "actions/workflows/restart_checked.yaml";
      const text = packFiles(ownPack)[path]!.replace(
        "_.reason }})?",
        "_.reasn }})?",
      );
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.includes("_.reasn")) + 1;
      const col = lines[line - 1]!.indexOf("_.reasn") + 1;
      const sha = h.gh.commit(h.repo, "typo", { [path]: text });
      await h.gh.openPullRequest("alice", { head: "typo", title: "Typo" });
      await h.settle();
      const [check] = h.gh.checkRuns().filter((c) => c.headSha === sha);
      assert.equal(check?.conclusion, "failure");
      assert.deepEqual(
        check?.annotations.map(
          (a) => `${a["path"]}:${a["start_line"]}:${a["start_column"]}`,
        ),
        [`${path}:${line}:${col}`],
      );
    });
  });
});
