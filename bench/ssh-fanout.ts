import { performance } from "node:perf_hooks";
import { withSudo } from "../src/ssh/quote.js";
import { runOnHosts } from "../src/ssh/run.js";
import { type SshdHandle, startSshd } from "../src/standins/ssh/sshd.js";

const SERVERS = 20;
const ROUNDS = 3;
const WIDTHS = [1, 5, 10];
const command = withSudo("systemctl restart crond");

/** Wall time of one fan-out over `servers` at `concurrency`, in ms. */
async function timeFanOut(servers: SshdHandle[], concurrency: number) {
  const hosts = servers.map((s, i) => s.hostConfig(`web-${i + 1}`));
  const started = performance.now();
  const results = await runOnHosts(hosts, command, {
    timeoutMs: 30_000,
    maxOutputBytes: 64 * 1024,
    concurrency,
  });
  const elapsed = performance.now() - started;
  const failed = results.filter((r) => r.exitCode !== 0);
  if (failed.length > 0) throw new Error(`${failed.length} hosts failed`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const servers = await Promise.all(
    Array.from({ length: SERVERS }, () => startSshd()),
  );
  try {
    await timeFanOut(servers, 10); // warm-up: module loading, key parsing
    console.log(`ssh fan-out: \`${command}\` over ${SERVERS} sshd servers`);
    for (const width of WIDTHS) {
      const times: number[] = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        times.push(await timeFanOut(servers, width));
      }
      const shown = times.map((t) => t.toFixed(0)).join(", ");
      const line = `concurrency ${String(width).padStart(2)}: median`;
      console.log(`  ${line} ${median(times).toFixed(0)} ms (${shown})`);
    }
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`  peak RSS of the runner: ${rssMb.toFixed(1)} MB`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await main();
