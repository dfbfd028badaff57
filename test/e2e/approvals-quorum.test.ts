import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  askThenRestart,
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const three = { users: ["bob", "carol", "dave"], approvals: 2 };

/** Two ways on: `approve` restarts, `hold` only notes it. */
const fork = stringify({
  name: "fork",
  description: "Approve to restart, hold to note it.",
  input: {
    type: "object",
    required: ["service"],
    properties: { service: { type: "string" } },
  },
  tasks: {
    approval: {
      action: "core.ask",
      input: {
        ...three,
        schema: {
          type: "object",
          required: ["decision"],
          properties: { decision: { enum: ["approve", "hold", "deny"] } },
        },
      },
      next: [
        {
          when: "{{ result().response.decision == 'approve' }}",
          do: "restart",
        },
        { when: "{{ result().response.decision == 'hold' }}", do: "noted" },
      ],
    },
    restart: {
      action: "ssh.run",
      input: {
        host: "web-1",
        command: "systemctl restart {{ ctx().service }}",
      },
    },
    noted: { action: "core.noop" },
  },
});

const workflows = {
  ...localWorkflows(),
  "workflows/pair.yaml": askThenRestart("pair", three),
  "workflows/fork.yaml": fork,
};

describe("an inquiry that needs two approvals", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  function answersOf(n: number) {
    const run = runOf(h, n)!;
    const [inquiry] = h.app.store.inquiries.list({ runId: run.id });
    return h.app.store.responses.ofInquiry(inquiry!.id);
  }

  describe("from one person answering twice", () => {
    let n: number;
    before(async () => {
      h.sshd.clearRecords();
      n = await openRun(h, "/run pair service=crond");
      await say(h, "bob", n, "/approve");
      await say(h, "bob", n, "```yaml\ndecision: approve\n```");
    });

    it("counts once and says so", () => {
      assert.equal(answersOf(n).length, 1);
      assert.deepEqual(codesOn(h, n), ["AR_REPLY_REPEATED"]);
    });

    it("is not reached: the run waits and nothing ran", () => {
      assert.deepEqual(h.gh.labels(n), ["paused"]);
      assert.deepEqual(h.sshd.records(), []);
    });

    describe("and then from a second person", () => {
      let comment: { id: number };
      before(async () => {
        comment = await say(h, "carol", n, "/approve looks fine");
      });

      it("is reached, and the action runs once", () => {
        assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
        assert.deepEqual(h.gh.labels(n), ["succeeded"]);
        assert.match(lastText(h, n), /Run \d+ \*\*succeeded\*\*/);
      });

      it("records each answer with who, when and which comment", () => {
        const [first, second] = answersOf(n);
        assert.equal(first!.login, "bob");
        assert.equal(first!.userId, h.gh.addUser("bob").id);
        assert.equal(second!.login, "carol");
        assert.equal(second!.commentId, comment.id);
        assert.deepEqual(second!.response, {
          decision: "approve",
          reason: "looks fine",
        });
        assert.ok(first!.at <= second!.at);
      });

      it("keeps an event for each answer and for the decision", () => {
        const kinds = h.app.store.events
          .list({ runId: runOf(h, n)!.id })
          .map((e) => e.kind)
          .filter((k) => /answer|inquiry/.test(k));
        assert.deepEqual(kinds, [
          "inquiry-opened",
          "answer-recorded",
          "answer-recorded",
          "inquiry-decided",
        ]);
      });
    });
  });

  it("shows the quorum and the shorthands in the inquiry comment", async () => {
    const n = await openRun(h, "/run pair service=crond");
    const inquiry = lastText(h, n);
    assert.match(inquiry, /Approvals needed: 2 from different people/);
    assert.match(inquiry, /`\/approve \[reason\]`, `\/deny \[reason\]`/);
  });

  it("ends at once on a denial, before the quorum, with nothing run", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run pair service=crond");
    await say(h, "bob", n, "/deny not during the sale");
    assert.deepEqual(h.gh.labels(n), ["denied"]);
    assert.equal(h.gh.issue(n)!.state, "closed");
    assert.equal(h.gh.issue(n)!.stateReason, "not_planned");
    assert.deepEqual(h.sshd.records(), []);
    assert.equal(answersOf(n)[0]!.response["reason"], "not during the sale");
  });

  it("ends at once, taking no path, when answers lead different ways", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run fork service=crond");
    await say(h, "bob", n, "/approve");
    await say(h, "carol", n, "/hold");
    assert.deepEqual(h.gh.labels(n), ["denied"]);
    assert.deepEqual(h.sshd.records(), []);
    const tasks = h.app.store.steps.ofRun(runOf(h, n)!.id).map((s) => s.task);
    assert.deepEqual(tasks, ["approval"]);
    assert.match(
      h.gh.comments(n).at(-2)!.body,
      /leads elsewhere than the answers before it/,
    );
  });
});
