import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openRun, say } from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

describe("the GitHub calls of one seed v2 run", () => {
  let h: Harness;
  let calls: {
    method: string;
    path: string;
    operationId?: string | undefined;
  }[];
  before(async () => {
    h = await startHarness();
    const from = h.gh.calls.length;
    const n = await openRun(
      h,
      "/run service_restart_v2 service=crond host=web-1",
    );
    await say(h, "bob", n, "/approved");
    assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    calls = h.gh.calls.slice(from);
  });
  after(() => h.close());

  it("are counted by the stand-in, and printed by operation", () => {
    const byOperation = new Map<string, number>();
    for (const c of calls) {
      const name = c.operationId ?? `${c.method} ${c.path}`;
      byOperation.set(name, (byOperation.get(name) ?? 0) + 1);
    }
    const lines = [...byOperation].map(
      ([op, k]) => `${String(k).padStart(3)} ${op}`,
    );
    console.log(
      `seed v2 run: ${calls.length} GitHub API calls\n${lines.join("\n")}`,
    );
    assert.ok(calls.length > 0);
  });

  it("write the issue once per status it shows, never reading it back", () => {
    const count = (op: string) =>
      calls.filter((c) => c.operationId === op).length;
    assert.equal(count("issues/get"), 0);
    assert.equal(count("issues/update"), 3);
    assert.equal(count("issues/create-comment"), 5);
  });
});
