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

  it("runs nothing, even before the expiry sweep has come round", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run hour service=crond");
    const [inquiry] = h.app.store.inquiries.list({ runId: runOf(h, n)!.id });
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

  it("reads the shorthand it advertised, exactly as shown", () => {
    assert.deepEqual(parseReply("/Approve", schema), {
      kind: "response",
      value: { decision: "Approve" },
    });
  });
});

describe("replies the thread shows otherwise than the app reads them", () => {
  const schema = {
    type: "object",
    required: ["decision"],
    properties: { decision: { type: "string", enum: ["approve", "deny"] } },
  };
  const none: Array<[string, string]> = [
    ["a quoted shorthand", "> /approve"],
    ["a quoted block", "> ```yaml\n> decision: approve\n> ```"],
    ["a block in another language", "```python\ndecision: approve\n```"],
    ["a full-width slash", "\uff0fapprove"],
    ["a Cyrillic look-alike letter", "/\u0430pprove"],
    ["a zero-width space before the slash", "\u200b/approve"],
    ["an indented block", "    ```yaml\n    decision: approve\n    ```"],
  ];
  for (const [what, body] of none) {
    it(`reads ${what} as no answer`, () => {
      assert.deepEqual(parseReply(body, schema), { kind: "none" });
    });
  }

  it("refuses a YAML alias bomb", () => {
    const bomb = [
      "```yaml",
      "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "decision: approve",
      "```",
    ].join("\n");
    assert.equal(parseReply(bomb, schema).kind, "error");
  });

  it("keeps a __proto__ key as data", () => {
    const reply = parseReply("```yaml\n__proto__:\n  decision: approve\n```");
    assert.equal(reply.kind, "response");
    const value = (reply as { value: Record<string, unknown> }).value;
    assert.equal(Object.hasOwn(value, "decision"), false);
    assert.equal(value["decision"], undefined);
  });

  it("does not take an answer from a block GitHub hides (an HTML comment)", () => {
    const body = [
      "<!--",
      "```yaml",
      "decision: approve",
      "```",
      "-->",
      "```yaml",
      "decision: deny",
      "```",
    ].join("\n");
    const reply = parseReply(body, schema);
    assert.notDeepEqual(reply, {
      kind: "response",
      value: { decision: "approve" },
    });
  });

  it("answers a block fenced as ```YAML instead of ignoring it", () => {
    const reply = parseReply("```YAML\ndecision: approve\n```", schema);
    assert.notEqual(reply.kind, "none");
  });
});

describe("an approver's hidden answer, end to end", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/ask.yaml": askThenRestart("ask", { users: ["bob"] }),
      },
    });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("runs nothing when the visible reply denies", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run ask service=crond");
    const body = [
      "<!--",
      "```yaml",
      "decision: approve",
      "```",
      "-->",
      "Not today:",
      "```yaml",
      "decision: deny",
      "```",
    ].join("\n");
    await say(h, "bob", n, body);
    assert.deepEqual(h.sshd.records(), [], "the restart ran");
  });
});
