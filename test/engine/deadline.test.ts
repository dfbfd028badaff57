import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";
import {
  askThenRestart,
  codesOn,
  openRun,
  runOf,
  say,
  texts,
  until,
} from "./run-helpers.js";

const minute = 60_000;

describe("replies against an inquiry's deadline, before any sweep", () => {
  let h: Harness;
  let clock = Date.parse("2026-12-04T10:00:00Z");
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/hour.yaml": askThenRestart("hour", {
          users: ["bob"],
          ttl: 60,
        }),
      },
      now: () => clock,
    });
  });
  beforeEach(() => h.sshd.clearRecords());
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  const inquiryOf = (n: number) =>
    h.app.store.inquiries.list({ runId: runOf(h, n)!.id })[0]!;
  const expiredNotes = (n: number) =>
    texts(h, n).filter((t) => /expired at/.test(t));

  it("counts an approval a minute before the deadline (the control)", async () => {
    const n = await openRun(h, "/run hour service=crond");
    clock += 59 * minute;
    await say(h, "bob", n, "/approve");
    assert.equal(h.sshd.records().length, 1);
    assert.equal(runOf(h, n)!.status, "succeeded");
  });

  it("expires the run on a late approval, once, as the sweep would", async () => {
    const n = await openRun(h, "/run hour service=crond");
    clock += 61 * minute;
    await say(h, "bob", n, "/approve");
    assert.equal(runOf(h, n)!.status, "expired");
    assert.equal(inquiryOf(n).status, "expired");
    assert.deepEqual(h.gh.labels(n), ["expired"]);
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_CLOSED"]);
    await h.app.sweep();
    await h.settle();
    assert.equal(expiredNotes(n).length, 1);
    assert.deepEqual(h.sshd.records(), []);
  });

  it("answers a late /cancel with the run expired, not cancelled", async () => {
    const n = await openRun(h, "/run hour service=crond");
    clock += 61 * minute;
    await say(h, "alice", n, "/cancel");
    assert.equal(runOf(h, n)!.status, "expired");
    assert.deepEqual(codesOn(h, n), ["AR_COMMAND_NOT_APPLICABLE"]);
    assert.equal(expiredNotes(n).length, 1);
  });

  it("counts an approval that came in time though it is taken up late", async () => {
    const n = await openRun(h, "/run hour service=crond");
    const runId = runOf(h, n)!.id;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The run's queue is busy, so the reply waits in the inbox.
    const busy = h.app.runner.enqueue(runId, () => held);
    clock += 59 * minute;
    await h.gh.comment("bob", n, "/approve");
    await until(
      () => h.app.store.inbox.ofRun(runId).length === 1,
      "the stored reply",
    );
    clock += 2 * minute;
    release();
    await busy;
    await h.settle();
    assert.equal(h.sshd.records().length, 1);
    assert.equal(runOf(h, n)!.status, "succeeded");
  });
});
