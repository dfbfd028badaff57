import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  askThenRestart,
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
  texts,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const minute = 60_000;

const workflows = {
  ...localWorkflows(),
  "workflows/hour.yaml": askThenRestart("hour", { users: ["bob"], ttl: 60 }),
  "workflows/plain.yaml": askThenRestart("plain", { users: ["bob"] }),
};

describe("an inquiry's ttl, by the clock", () => {
  let h: Harness;
  let clock = Date.parse("2026-12-04T10:00:00Z");
  before(async () => {
    h = await startHarness({ workflows, now: () => clock });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  function inquiryOf(n: number) {
    return h.app.store.inquiries.list({ runId: runOf(h, n)!.id })[0]!;
  }

  it("defaults to 1440 minutes, stored as a deadline", async () => {
    const n = await openRun(h, "/run plain service=crond");
    assert.equal(inquiryOf(n).deadline - clock, 1440 * minute);
    assert.match(lastText(h, n), /Expires: 2026-12-05T10:00:00.000Z/);
  });

  describe("of 60 minutes", () => {
    let n: number;
    let start: number;
    before(async () => {
      h.sshd.clearRecords();
      start = clock;
      n = await openRun(h, "/run hour service=crond");
    });

    it("sends no reminder while most of it is left", async () => {
      clock = start + 47 * minute;
      await h.app.sweep();
      await h.settle();
      assert.doesNotMatch(lastText(h, n), /Reminder/);
    });

    it("reminds the route once most of it has passed, and only once", async () => {
      clock = start + 49 * minute;
      await h.app.sweep();
      await h.settle();
      await h.app.sweep();
      await h.settle();
      const reminders = texts(h, n).filter((t) => /Reminder/.test(t));
      assert.equal(reminders.length, 1);
      assert.match(reminders[0]!, /^@acme\/ops Reminder: `approval`/);
    });

    it("ends the run when it runs out: comment, label, closed as not planned", async () => {
      clock = start + 60 * minute;
      await h.app.sweep();
      await h.settle();
      assert.match(lastText(h, n), /expired at 2026-12-04T11:00:00.000Z/);
      assert.deepEqual(h.gh.labels(n), ["expired"]);
      assert.equal(h.gh.issue(n)!.state, "closed");
      assert.equal(h.gh.issue(n)!.stateReason, "not_planned");
      assert.equal(inquiryOf(n).status, "expired");
    });

    it("lets a late answer change nothing", async () => {
      const before = h.app.store.snapshot();
      await say(h, "bob", n, "/approve");
      assert.deepEqual(codesOn(h, n), ["AR_REPLY_CLOSED"]);
      assert.equal(h.app.store.snapshot(), before);
      assert.deepEqual(h.sshd.records(), []);
      assert.deepEqual(h.gh.labels(n), ["expired"]);
    });
  });

  it("is enforced across a restart: the start-up sweep expires it", async () => {
    const n = await openRun(h, "/run hour service=crond");
    clock += 61 * minute;
    await h.restart();
    assert.deepEqual(h.gh.labels(n), ["expired"]);
    assert.equal(runOf(h, n)!.status, "expired");
  });
});
