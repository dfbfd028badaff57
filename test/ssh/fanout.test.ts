import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { withSudo } from "../../src/ssh/quote.js";
import { runOnHosts } from "../../src/ssh/run.js";
import { type SshdHandle, startSshd } from "../../src/standins/ssh/sshd.js";

const SERVERS = 5;

/** Most intervals open at once, counting an end before a same-time start. */
function peakOverlap(spans: Array<{ start: bigint; end: bigint }>): number {
  const events = spans.flatMap((s) => [
    { at: s.start, delta: 1 },
    { at: s.end, delta: -1 },
  ]);
  events.sort((a, b) =>
    a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1,
  );
  let open = 0;
  let peak = 0;
  for (const e of events) {
    open += e.delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** Connections open at once, read from the runner's own log order. */
function peakConnections(lines: Array<{ msg: string }>): number {
  let open = 0;
  let peak = 0;
  for (const line of lines) {
    if (line.msg === "ssh connecting") open += 1;
    if (line.msg === "ssh connection closed") open -= 1;
    peak = Math.max(peak, open);
  }
  return peak;
}

describe("runOnHosts over five sshd servers", () => {
  const servers: SshdHandle[] = [];
  before(async () => {
    for (let i = 0; i < SERVERS; i += 1) servers.push(await startSshd());
    for (const s of servers) s.setShimBehaviour({ sleepSeconds: 0.3 });
  });
  after(() => Promise.all(servers.map((s) => s.stop())));

  it("keeps at most two connections open and results in order", async () => {
    const lines: Array<{ msg: string }> = [];
    const log = pino(
      { level: "debug" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const hosts = servers.map((s, i) => s.hostConfig(`web-${i}`));
    const results = await runOnHosts(
      hosts,
      withSudo("systemctl restart crond"),
      {
        timeoutMs: 10_000,
        maxOutputBytes: 1024,
        concurrency: 2,
        log,
      },
    );
    assert.deepEqual(
      results.map((r) => [r.alias, r.exitCode]),
      hosts.map((h) => [h.alias, 0]),
    );
    assert.equal(peakConnections(lines), 2);
    const spans = servers.flatMap((s) => s.callSpans());
    assert.equal(spans.length, SERVERS);
    const closed = spans.map((s) => ({ start: s.startNs, end: s.endNs! }));
    assert.ok(peakOverlap(closed) <= 2);
  });
});
