import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { maxStepsPerRun } from "../../src/engine/runner.js";
import { repoRoot } from "../../src/sandbox/stack.js";

/** Generous: the same stack settles in about a second when nothing loops. */
const deadlineMs = 60_000;

/** Runs the child; kills it (SIGKILL: it cannot run a handler) at the deadline. */
function runChild(): Promise<{ killed: boolean; stdout: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "test/attack/loop-child.ts")],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  let stdout = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, deadlineMs);
  return new Promise((resolve) => {
    child.on("close", () => {
      clearTimeout(timer);
      resolve({ killed, stdout });
    });
  });
}

describe("a run whose core.noop loop never takes its exit", () => {
  it("ends with a clear failure and leaves the app serving", async () => {
    const { killed, stdout } = await runChild();
    assert.equal(killed, false, "the app never came back");
    const seen = JSON.parse(stdout.trim()) as {
      http: number;
      run: string;
      taken: number;
      stopped: string[];
      codes: string[];
      last: string;
      labels: string[];
    };
    assert.equal(seen.http, 404);
    assert.equal(seen.run, "failed");
    assert.deepEqual(seen.labels, ["failed"]);
    assert.equal(seen.taken, maxStepsPerRun);
    assert.equal(seen.stopped.length, 1);
    assert.equal(seen.codes.at(-1), "AR_RUN_STEP_LIMIT");
    // The comment names the cap and the task that did not start.
    assert.ok(seen.last.includes(String(maxStepsPerRun)), seen.last);
    assert.ok(seen.last.includes(`\`${seen.stopped[0]}\``), seen.last);
  });
});
