import { isFailedHost } from "./report.js";
import type { HostResult } from "./run.js";

/** One host's part of an `ssh.run` task result, as workflows read it. */
export interface HostSummary {
  exit_code: number | null;
  stdout: string;
  stderr: string;
  timed_out: boolean;
  signal: string | null;
  error: { code: string; message: string } | null;
}

/** The task result; with one host its fields are also repeated flat. */
export interface SshResultValue {
  hosts: Record<string, HostSummary>;
  exit_code?: number | null;
  stdout?: string;
  stderr?: string;
}

export interface SshSummary {
  status: "succeeded" | "failed";
  result: SshResultValue;
}

/**
 * Sums up a fan-out: failed when any host failed, or when there was no
 * host at all, since then nothing that was asked for happened.
 */
export function summarizeSshResults(
  results: readonly HostResult[],
): SshSummary {
  const hosts: Record<string, HostSummary> = {};
  for (const r of results) hosts[r.alias] = summaryOf(r);
  const failed = results.length === 0 || results.some(isFailedHost);
  const result: SshResultValue = { hosts };
  const only = results.length === 1 ? summaryOf(results[0]!) : undefined;
  if (only) {
    result.exit_code = only.exit_code;
    result.stdout = only.stdout;
    result.stderr = only.stderr;
  }
  return { status: failed ? "failed" : "succeeded", result };
}

function summaryOf(r: HostResult): HostSummary {
  return {
    exit_code: r.exitCode,
    stdout: r.stdout.text,
    stderr: r.stderr.text,
    timed_out: r.timedOut,
    signal: r.signal,
    error: r.error ? { ...r.error } : null,
  };
}
