import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";
import {
  askThenRestart,
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
} from "./run-helpers.js";

const workflows = {
  "workflows/nul.yaml": askThenRestart("nul", { users: ["bob"] }),
};

describe("a NUL character in what people send", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
  });
  after(() => h.close());

  it("refuses a /run request at once, naming the field", async () => {
    const n = await openRun(h, "/run nul service=cr\u0000ond");
    assert.deepEqual(codesOn(h, n), ["AR_INPUT_INVALID"]);
    assert.ok(lastText(h, n).includes("`service`"), lastText(h, n));
    assert.ok(lastText(h, n).includes("U+0000"), lastText(h, n));
    assert.equal(runOf(h, n), undefined);
    assert.deepEqual(h.sshd.records(), []);
  });

  it("refuses a reply holding one and keeps the inquiry open", async () => {
    const n = await openRun(h, "/run nul service=crond");
    const before = h.app.store.snapshot();
    const reply = '```yaml\ndecision: approve\nreason: "ok\\0"\n```';
    await say(h, "bob", n, reply);
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_VALUE_NUL"]);
    assert.ok(lastText(h, n).includes("`reason`"), lastText(h, n));
    assert.equal(h.app.store.snapshot(), before);
    assert.deepEqual(h.gh.labels(n), ["paused"]);
    assert.deepEqual(h.sshd.records(), []);
  });

  it("still takes a clean reply after the refused one", async () => {
    const n = await openRun(h, "/run nul service=crond");
    await say(h, "bob", n, '```yaml\ndecision: approve\nreason: "ok\\0"\n```');
    await say(h, "bob", n, "```yaml\ndecision: approve\n```");
    assert.equal(runOf(h, n)?.status, "succeeded");
    assert.deepEqual(h.sshd.records().at(-1), ["restart", "crond"]);
  });
});
