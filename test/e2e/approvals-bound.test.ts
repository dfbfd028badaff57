import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { receiptOf, sha256 } from "../../src/engine/answer.js";
import { lastText, openRun, runOf, say, texts } from "../engine/run-helpers.js";
import { type Harness, repoRoot, startHarness } from "../support/harness.js";

const request = "/run service_restart_v2 service=crond host=web-1";
const approval = "```yaml\nsecondfactor: approved\n```";

describe("an approval, bound to what was approved", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.gh.setPermission(h.repo, "carol", "admin");
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("shows the resolved input, the exact command and the host alias", async () => {
    const n = await openRun(h, request);
    const inquiry = lastText(h, n);
    assert.match(inquiry, /```yaml\nservice: crond\nhost: web-1\n```/);
    assert.match(inquiry, /Then task `restart` runs on `web-1`:/);
    assert.match(inquiry, /sudo -n -- sh -c 'systemctl restart/);
  });

  describe("when the issue and the workflow change after the request", () => {
    let n: number;
    let sha: string;
    before(async () => {
      h.sshd.clearRecords();
      n = await openRun(h, request);
      sha = runOf(h, n)!.workflowSha;
      await h.gh.editIssue("alice", n, {
        body: "/run service_restart_v2 service=sshd host=web-2",
      });
      const file = "workflows/service_restart_v2.yaml";
      const text = readFileSync(join(repoRoot, file), "utf8");
      h.gh.commit(h.repo, "main", {
        [file]: text.replace("systemctl restart", "systemctl stop"),
      });
      await say(h, "bob", n, approval);
    });

    it("runs what was approved: the input and workflow as accepted", () => {
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.equal(runOf(h, n)!.workflowSha, sha);
      assert.match(texts(h, n).join("\n"), /`web-1` \| exit 0/);
    });

    it("while a new request gets the changed workflow", async () => {
      const m = await openRun(h, request);
      assert.notEqual(runOf(h, m)!.workflowSha, sha);
      assert.match(lastText(h, m), /systemctl stop/);
    });
  });

  describe("an answer's receipt", () => {
    let n: number;
    let comment: { id: number; body: string };
    before(async () => {
      n = await openRun(h, request);
      comment = await say(h, "bob", n, approval);
    });

    function recorded() {
      const [inquiry] = h.app.store.inquiries.list({ runId: runOf(h, n)!.id });
      return h.app.store.responses.ofInquiry(inquiry!.id)[0]!;
    }

    it("binds who, which comment, its text, and what was approved", () => {
      const answer = recorded();
      const run = runOf(h, n)!;
      assert.equal(answer.login, "bob");
      assert.equal(answer.commentId, comment.id);
      assert.equal(answer.bodyHash, sha256(comment.body));
      assert.equal(answer.receipt, receiptOf(run, "approval", answer.response));
      const shown = texts(h, n).join("\n");
      assert.ok(shown.includes(`Receipt \`${answer.receipt.slice(0, 16)}\``));
    });

    const changes = [
      {
        name: "its author edits it",
        act: () => h.gh.editComment("bob", comment.id, "/rejected"),
        note: /@bob edited comment/,
      },
      {
        name: "an admin edits someone else's",
        act: () => h.gh.editComment("carol", comment.id, "nothing to see"),
        note: /@carol edited comment \d+, which held @bob's recorded answer/,
      },
      {
        name: "it is deleted",
        act: () => h.gh.deleteComment("bob", comment.id),
        note: /@bob deleted comment/,
      },
    ];
    for (const c of changes) {
      it(`stands when ${c.name}, and the thread notes it`, async () => {
        const before = recorded();
        await c.act();
        await h.settle();
        assert.deepEqual(recorded(), before);
        assert.match(lastText(h, n), c.note);
        assert.match(lastText(h, n), /The recorded answer stands unchanged/);
      });
    }

    it("keeps an event for each change of the answer's comment", () => {
      const kinds = h.app.store.events
        .list({ runId: runOf(h, n)!.id })
        .map((e) => e.kind)
        .filter((k) => k.startsWith("answer-comment"));
      assert.deepEqual(kinds, [
        "answer-comment-edited",
        "answer-comment-edited",
        "answer-comment-deleted",
      ]);
    });
  });

  it("never takes an edit that turns a comment into an answer", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, request);
    const chat = await say(h, "bob", n, "looking at it");
    const before = h.app.store.snapshot();
    await h.gh.editComment("bob", chat.id, approval);
    await h.settle();
    assert.equal(h.app.store.snapshot(), before);
    assert.deepEqual(h.gh.labels(n), ["paused"]);
    assert.deepEqual(h.sshd.records(), []);
  });
});
