import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dropMark } from "../../src/ssh/bounded.js";
import { renderSshReport, shareEvenly } from "../../src/ssh/report.js";
import type { HostResult } from "../../src/ssh/run.js";
import { summarizeSshResults } from "../../src/ssh/summary.js";

function hostResult(over: Partial<HostResult> = {}): HostResult {
  return {
    alias: "web-1",
    exitCode: 0,
    signal: null,
    stdout: { text: "", droppedBytes: 0 },
    stderr: { text: "", droppedBytes: 0 },
    durationMs: 1234,
    timedOut: false,
    ...over,
  };
}

const text = (t: string) => ({ text: t, droppedBytes: 0 });
const command = "sudo -n -- sh -c 'systemctl restart crond'";

describe("renderSshReport", () => {
  it("shows alias, exit code, timeout and duration per host", () => {
    const report = renderSshReport(
      [hostResult(), hostResult({ alias: "web-2", exitCode: 3 })],
      { command, maxChars: 60_000 },
    );
    assert.match(report, /\| `web-1` \| exit 0 \| no \| 1\.2 s \|/);
    assert.match(report, /\| `web-2` \| exit 3 \| no \| 1\.2 s \|/);
    assert.match(report, /2 hosts, 1 failed/);
  });

  it("fences output longer than any backtick run inside it", () => {
    const hostile = "```\n````` not a fence\n```";
    const report = renderSshReport([hostResult({ stdout: text(hostile) })], {
      command,
      maxChars: 60_000,
    });
    assert.ok(report.includes(`\`\`\`\`\`\`text\n${hostile}\n\`\`\`\`\`\``));
  });

  it("names a catalog error and the signal of a killed command", () => {
    const report = renderSshReport(
      [
        hostResult({
          exitCode: null,
          error: { code: "AR_SSH_CONNECT", message: "Could not connect." },
        }),
        hostResult({ alias: "web-2", exitCode: null, signal: "SIGTERM" }),
      ],
      { command, maxChars: 60_000 },
    );
    assert.match(report, /\*\*AR_SSH_CONNECT\*\* Could not connect\./);
    assert.match(report, /\| `web-2` \| signal SIGTERM \|/);
  });

  it("stays within maxChars and shrinks every host's output", () => {
    const big = (c: string) => text(c.repeat(200_000));
    const results = ["a", "b", "c"].map((c, i) =>
      hostResult({ alias: `web-${i}`, stdout: big(c), stderr: big(c) }),
    );
    const report = renderSshReport(results, { command, maxChars: 60_000 });
    assert.ok(report.length <= 60_000);
    for (const c of ["a", "b", "c"]) {
      assert.ok(report.includes(c.repeat(4000)), `output ${c} kept in part`);
    }
    assert.match(report, /… \d+ bytes dropped …/);
  });

  it("adds what it cuts to the bytes already dropped", () => {
    const stdout = {
      text: `${"h".repeat(5000)}${dropMark(100)}${"t".repeat(5000)}`,
      droppedBytes: 100,
    };
    const report = renderSshReport([hostResult({ stdout })], {
      command,
      maxChars: 2000,
    });
    const block = report.match(/```text\n([^`]*)\n```/)![1]!;
    const dropped = Number(block.match(/… (\d+) bytes dropped …/)![1]);
    const kept = block.replace(dropMark(dropped), "").length;
    assert.ok(report.length <= 2000);
    assert.ok(dropped > 100);
    assert.equal(kept + dropped, 10_100);
  });

  it("fits even when hosts alone are too many to show output", () => {
    const results = Array.from({ length: 400 }, (_, i) =>
      hostResult({ alias: `host-${i}`, stdout: text("x".repeat(100)) }),
    );
    const report = renderSshReport(results, { command, maxChars: 5000 });
    assert.ok(report.length <= 5000);
  });
});

describe("shareEvenly", () => {
  const cases: Array<[string, number[], number, number[]]> = [
    ["gives all when all fit", [10, 20], 100, [10, 20]],
    ["splits evenly when none fits", [100, 100], 50, [25, 25]],
    ["gives small ones their need first", [10, 100, 100], 110, [10, 50, 50]],
    ["gives nothing when nothing is left", [10], -5, [0]],
  ];
  for (const [name, needs, available, budgets] of cases) {
    it(name, () => {
      const outputs = needs.map((n) => text("x".repeat(n)));
      assert.deepEqual(shareEvenly(outputs, available), budgets);
    });
  }
});

describe("summarizeSshResults", () => {
  const failing: Array<[string, Partial<HostResult>]> = [
    ["a non-zero exit", { exitCode: 1 }],
    ["a signal", { exitCode: null, signal: "SIGKILL" }],
    ["a timeout", { exitCode: null, timedOut: true }],
    [
      "an error",
      {
        exitCode: null,
        error: { code: "AR_SSH_CONNECT", message: "Could not connect." },
      },
    ],
  ];
  for (const [name, over] of failing) {
    it(`fails the task for ${name} on any host`, () => {
      const results = [hostResult(), hostResult({ alias: "web-2", ...over })];
      assert.equal(summarizeSshResults(results).status, "failed");
    });
  }

  it("succeeds when every host exits 0 in time", () => {
    const results = [hostResult(), hostResult({ alias: "web-2" })];
    const summary = summarizeSshResults(results);
    assert.equal(summary.status, "succeeded");
    assert.deepEqual(Object.keys(summary.result.hosts), ["web-1", "web-2"]);
    assert.equal(summary.result.stdout, undefined);
  });

  it("repeats a single host's fields flat", () => {
    const summary = summarizeSshResults([hostResult({ stdout: text("ok\n") })]);
    assert.equal(summary.result.stdout, "ok\n");
    assert.equal(summary.result.exit_code, 0);
    assert.deepEqual(summary.result.hosts["web-1"], {
      exit_code: 0,
      stdout: "ok\n",
      stderr: "",
      timed_out: false,
      signal: null,
      error: null,
    });
  });

  it("fails a run that reached no host", () => {
    assert.equal(summarizeSshResults([]).status, "failed");
  });
});
