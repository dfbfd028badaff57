import { performance } from "node:perf_hooks";
import type { NodeSSH } from "node-ssh";
import type { Logger } from "pino";
import type { HostConfig } from "../config/types.js";
import { type ErrorCode, fail, isAppError } from "../errors.js";
import type { BoundedText } from "./bounded.js";
import { connectToHost } from "./connect.js";
import { type ExecOutcome, execOnConnection } from "./exec.js";
import { mapBounded } from "./pool.js";

export type { BoundedText } from "./bounded.js";

/** What one host did with the command. */
export interface HostResult {
  alias: string;
  exitCode: number | null;
  signal: string | null;
  stdout: BoundedText;
  stderr: BoundedText;
  durationMs: number;
  timedOut: boolean;
  error?: { code: ErrorCode; message: string };
}

export interface RunOptions {
  timeoutMs: number;
  /** Bytes kept of stdout, and again of stderr, per host. */
  maxOutputBytes: number;
  log?: Logger;
}

export interface FanOutOptions extends RunOptions {
  concurrency: number;
}

/**
 * Connects to `host`, runs `command` once and disconnects. Never rejects:
 * every failure comes back as a result with a catalog `error`.
 */
export async function runOnHost(
  host: HostConfig,
  command: string,
  options: RunOptions,
): Promise<HostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let ssh: NodeSSH | undefined;
  options.log?.debug({ alias: host.alias }, "ssh connecting");
  try {
    ssh = await connectToHost(host);
    const outcome = await execOnConnection(ssh.connection!, command, options);
    return resultOf(host, outcome, elapsed(), options);
  } catch (err) {
    options.log?.warn({ alias: host.alias, err }, "ssh run failed");
    return failedResult(host.alias, err, elapsed());
  } finally {
    ssh?.dispose();
    options.log?.debug({ alias: host.alias }, "ssh connection closed");
  }
}

/** Runs `command` on every host, `concurrency` at a time, in input order. */
export function runOnHosts(
  hosts: readonly HostConfig[],
  command: string,
  options: FanOutOptions,
): Promise<HostResult[]> {
  return mapBounded(hosts, options.concurrency, (host) =>
    runOnHost(host, command, options),
  );
}

function resultOf(
  host: HostConfig,
  outcome: ExecOutcome,
  durationMs: number,
  options: RunOptions,
): HostResult {
  const { failure, ...fields } = outcome;
  const result: HostResult = { alias: host.alias, ...fields, durationMs };
  const alias = host.alias;
  if (outcome.timedOut) {
    const seconds = options.timeoutMs / 1000;
    result.error = asError(fail("AR_SSH_TIMEOUT", { alias, seconds }));
  } else if (failure !== undefined) {
    result.error = asError(fail("AR_SSH_EXEC", { alias, problem: failure }));
  }
  options.log?.info(
    { alias, exitCode: result.exitCode, durationMs },
    "ssh command finished",
  );
  return result;
}

function failedResult(
  alias: string,
  err: unknown,
  durationMs: number,
): HostResult {
  const empty = { text: "", droppedBytes: 0 };
  const error = isAppError(err)
    ? asError(err)
    : asError(fail("AR_SSH_EXEC", { alias, problem: "an internal error" }));
  return {
    alias,
    exitCode: null,
    signal: null,
    stdout: empty,
    stderr: { ...empty },
    durationMs,
    timedOut: false,
    error,
  };
}

function asError(err: { code: ErrorCode; message: string }) {
  return { code: err.code, message: err.message };
}
