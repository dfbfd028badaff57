import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { shorthandsOf } from "../../src/engine/inquiry-text.js";
import { parseReply } from "../../src/engine/reply.js";
import {
  askThenRestart,
  codesOn,
  openRun,
  runOf,
  say,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const minute = 60_000;

describe("an answer that arrives after the inquiry's deadline", () => {
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
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("runs nothing, even before the expiry sweep has come round", {
    todo: "no step checks the deadline when an answer is taken up (inbox/answer); only the sweep (every 60 s by default) expires an inquiry, so an approval posted after the 'Expires:' time the app announced still counts and the command runs",
  }, async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run hour service=crond");
    const [inquiry] = h.app.store.inquiries({ runId: runOf(h, n)!.id });
    assert.equal(inquiry!.deadline - clock, 60 * minute);
    clock += 61 * minute;
    await say(h, "bob", n, "/approve");
    assert.deepEqual(h.sshd.records(), [], "the restart ran");
    assert.notEqual(runOf(h, n)!.status, "succeeded");
  });

  it("is refused once the sweep has expired the inquiry", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run hour service=crond");
    clock += 61 * minute;
    await h.app.sweep();
    await h.settle();
    await say(h, "bob", n, "/approve");
    assert.deepEqual(h.sshd.records(), []);
    assert.equal(runOf(h, n)!.status, "expired");
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_CLOSED"]);
  });
});

describe("the shorthands an inquiry advertises", () => {
  const schema = {
    type: "object",
    required: ["decision"],
    properties: { decision: { type: "string", enum: ["Approve", "Deny"] } },
  };

  it("lists /Approve and /Deny for an enum written in capitals", () => {
    assert.deepEqual(shorthandsOf(schema), ["/Approve", "/Deny"]);
  });

  it("reads the shorthand it advertised, exactly as shown", {
    todo: "parseReply lower-cases the command before looking it up among the enum's values, so an advertised /Approve is read as no reply at all: the approver gets no answer and the run waits",
  }, () => {
    assert.deepEqual(parseReply("/Approve", schema), {
      kind: "response",
      value: { decision: "Approve" },
    });
  });
});
