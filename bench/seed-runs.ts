import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { type Stack, startStack } from "../src/sandbox/stack.js";

const SEQUENTIAL = 20;
const BATCH = 10;
const request = "/run service_restart_v2 service=crond host=web-1";
const answer = "```yaml\nsecondfactor: approved\n```";

interface Timing {
  /** From the request to the inquiry comment, in ms. */
  ask: number;
  /** From the answer to the closed, succeeded issue, in ms. */
  finish: number;
}

async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`no ${what}`);
    await sleep(2);
  }
}

function asked(stack: Stack, issue: number): boolean {
  return stack.gh
    .comments(issue)
    .some((c) => c.authorType === "Bot" && c.body.includes("secondfactor"));
}

function succeeded(stack: Stack, issue: number): boolean {
  return (
    stack.gh.issue(issue)?.state === "closed" &&
    stack.gh.labels(issue).includes("succeeded")
  );
}

/** One seed v2 run: alice asks, bob approves, the restart runs. */
async function oneRun(stack: Stack, n: number): Promise<Timing> {
  const started = performance.now();
  const title = `bench run ${n}`;
  const { number } = await stack.gh.openIssue("alice", {
    title,
    body: request,
  });
  await until(() => asked(stack, number), `inquiry on #${number}`);
  const answered = performance.now();
  await stack.gh.comment("bob", number, answer);
  await until(() => succeeded(stack, number), `success of #${number}`);
  return { ask: answered - started, finish: performance.now() - answered };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.floor(sorted.length * p));
  return sorted[index]!;
}

function describe(label: string, values: number[]): string {
  const median = percentile(values, 0.5).toFixed(0);
  const p95 = percentile(values, 0.95).toFixed(0);
  return `  ${label}: median ${median} ms, p95 ${p95} ms`;
}

async function sequential(stack: Stack): Promise<void> {
  await oneRun(stack, 0); // warm-up: module loading, first token, first key
  const calls = stack.gh.calls.length;
  const timings: Timing[] = [];
  for (let n = 1; n <= SEQUENTIAL; n += 1) {
    timings.push(await oneRun(stack, n));
  }
  await stack.settle();
  const perRun = (stack.gh.calls.length - calls) / SEQUENTIAL;
  console.log(`${SEQUENTIAL} runs one after another:`);
  console.log(
    describe(
      "request → inquiry posted",
      timings.map((t) => t.ask),
    ),
  );
  console.log(
    describe(
      "answer → restart done, issue closed",
      timings.map((t) => t.finish),
    ),
  );
  console.log(`  GitHub API calls per run: ${perRun.toFixed(1)}`);
}

async function batch(stack: Stack): Promise<void> {
  const started = performance.now();
  const runs = Array.from({ length: BATCH }, (_, i) => oneRun(stack, 100 + i));
  await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${BATCH} runs at once: all closed in ${seconds.toFixed(2)} s`);
}

async function main(): Promise<void> {
  const log = pino({ level: "info" }, pino.destination("/dev/null"));
  const stack = await startStack({ log });
  try {
    console.log(
      `seed v2 runs through the stand-in GitHub and ${stack.sshd.log ? "OpenSSH sshd" : "the embedded SSH server"}`,
    );
    await sequential(stack);
    await batch(stack);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `  peak RSS (app, stand-ins and bench in one process): ${rssMb.toFixed(1)} MB`,
    );
  } finally {
    await stack.close();
  }
}

await main();
