import { Writable } from "node:stream";
import { pino } from "pino";
import { redactPaths } from "../../src/log.js";
import {
  type Stack,
  type StackOptions,
  startStack,
} from "../../src/sandbox/stack.js";
import type { SshdHandle } from "../../src/standins/ssh/sshd.js";

export { repoRoot } from "../../src/sandbox/stack.js";

export type HarnessOptions = Omit<StackOptions, "log" | "ssh">;

export interface Harness extends Stack {
  sshd: SshdHandle;
  /** Every line the app logged, as JSON text. */
  logs: string[];
}

/** The stack for tests: real sshd, and every log line kept for checks. */
export async function startHarness(
  options: HarnessOptions = {},
): Promise<Harness> {
  const logs: string[] = [];
  const log = pino(
    { level: "debug", redact: { paths: redactPaths, censor: "[redacted]" } },
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const stack = await startStack({ ...options, log, ssh: "sshd" });
  return Object.assign(stack, { logs }) as Harness;
}
