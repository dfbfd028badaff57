import type { Readable, Writable } from "node:stream";

/** Where a command reads and writes; tests pass their own streams. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
}

/** Writes one line to stdout. */
export function say(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}
