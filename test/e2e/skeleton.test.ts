import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const v2 = "/run service_restart_v2 service=crond host=web-1";

async function openRun(h: Harness, body: string) {
  const issue = await h.gh.openIssue("alice", { title: "restart", body });
  await h.settle();
  return issue.number;
}

function bodies(h: Harness, issue: number): string[] {
  return h.gh.comments(issue).map((c) => c.body);
}

describe("the walking skeleton", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  describe("seed v1 (no approval)", () => {
    it("restarts at once and closes the issue as succeeded", async () => {
      h.sshd.clearRecords();
      const n = await openRun(h, "/run service_restart_v1 service=crond");
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.equal(h.gh.issue(n)!.state, "closed");
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
      const body = h.gh.issue(n)!.body ?? "";
      assert.match(body, /\| `restart` \| `ssh.run` \| ✅ succeeded/);
      assert.match(bodies(h, n).join("\n"), /`web-1` \| exit 0/);
    });
  });

  describe("an inquiry reply", () => {
    const cases = [
      {
        name: "a near-miss word",
        reply: "```yaml\nsecondfactor: approve\n```",
        field:
          /`secondfactor` must be one of: "approved", "rejected" \(got `"approve"`\)/,
      },
      {
        name: "a number where a string is expected",
        reply: "```yaml\nsecondfactor: 42\n```",
        field: /`secondfactor` must be a string \(got `42`\)/,
      },
      {
        name: "text that is not YAML",
        reply: "```yaml\nsecondfactor: [approved\n```",
        field: /not valid YAML or JSON/,
      },
      {
        name: "a field the schema does not know",
        reply: '```json\n{"secondfactor": "approved", "extra": 1}\n```',
        field: /`extra` is not an expected field/,
      },
    ];
    for (const c of cases) {
      it(`with ${c.name} gets an error comment and the run stays paused`, async () => {
        h.sshd.clearRecords();
        const n = await openRun(h, v2);
        const before = h.app.store.snapshot();
        await h.gh.comment("bob", n, c.reply);
        await h.settle();
        assert.match(bodies(h, n).at(-1)!, c.field);
        assert.equal(h.app.store.snapshot(), before);
        assert.equal(h.gh.issue(n)!.state, "open");
        assert.deepEqual(h.gh.labels(n), ["paused"]);
        assert.deepEqual(h.sshd.records(), []);
      });
    }

    it("that is plain conversation is left alone", async () => {
      const n = await openRun(h, v2);
      const count = bodies(h, n).length;
      await h.gh.comment("bob", n, "looking at it now");
      await h.settle();
      assert.equal(bodies(h, n).length, count + 1);
    });
  });

  describe("a re-delivered webhook", () => {
    it("does not restart the service twice", async () => {
      h.sshd.clearRecords();
      const n = await openRun(h, v2);
      await h.gh.comment("bob", n, "/approved");
      await h.settle();
      const delivery = h.gh.deliveries.findLast(
        (d) => d.event === "issue_comment",
      )!;
      await h.gh.redeliver(delivery.id);
      await h.settle();
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.equal(h.gh.issue(n)!.state, "closed");
    });
  });

  describe("a rejection", () => {
    it("ends the run as denied without running anything", async () => {
      h.sshd.clearRecords();
      const n = await openRun(h, v2);
      await h.gh.comment("bob", n, "```yaml\nsecondfactor: rejected\n```");
      await h.settle();
      assert.deepEqual(h.sshd.records(), []);
      assert.deepEqual(h.gh.labels(n), ["denied"]);
      assert.equal(h.gh.issue(n)!.state, "closed");
    });
  });

  describe("a restart of the app between request and reply", () => {
    it("loses nothing: the reply resumes the stored run", async () => {
      h.sshd.clearRecords();
      const n = await openRun(h, v2);
      await h.restart();
      await h.gh.comment("bob", n, "```yaml\nsecondfactor: approved\n```");
      await h.settle();
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    });
  });

  describe("a request", () => {
    it("of an unknown workflow gets a comment naming the known ones", async () => {
      const n = await openRun(h, "/run nope service=crond");
      assert.match(
        bodies(h, n).at(-1)!,
        /`nope` was not found.*Known workflows: .*service_restart_v2/s,
      );
      assert.equal(h.app.store.runs.find("acme", "ops", n), undefined);
    });

    it("with bad input names each bad field and runs nothing", async () => {
      const n = await openRun(
        h,
        "/run service_restart_v2 service=cr;ond host=web-9",
      );
      const text = bodies(h, n).at(-1)!;
      assert.match(text, /`service` must match pattern/);
      assert.match(
        text,
        /`host` must be one of: "web-1", "web-2" \(got `"web-9"`\)/,
      );
      assert.equal(h.app.store.runs.find("acme", "ops", n), undefined);
    });
  });
});
