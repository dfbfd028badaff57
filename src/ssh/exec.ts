import type { Client, ClientChannel } from "ssh2";
import { code } from "../markdown.js";
import { BoundedCollector, type BoundedText } from "./bounded.js";

export interface ExecOptions {
  timeoutMs: number;
  /** Bytes kept of stdout, and again of stderr. */
  maxOutputBytes: number;
}

/** Node's longest timer; a longer delay fires after 1 ms instead. */
const maxTimerMs = 2_147_483_647;

/**
 * The delay a timer really waits for `ms`: at least 1 ms and at most
 * Node's longest, so an overlong timeout never cuts a command off at once.
 */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return maxTimerMs;
  return Math.min(Math.max(Math.round(ms), 1), maxTimerMs);
}

/** What came back from one command on an open connection. */
export interface ExecOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: BoundedText;
  stderr: BoundedText;
  timedOut: boolean;
  /** Set when no channel opened or it closed without an exit status. */
  failure?: string;
}

/**
 * Runs `command` on an open connection without a pty or environment,
 * keeping bounded output and closing the channel when time runs out.
 */
export function execOnConnection(
  client: Client,
  command: string,
  options: ExecOptions,
): Promise<ExecOutcome> {
  return new Promise((resolve) => {
    client.exec(command, (err, channel) => {
      if (err) {
        resolve(openFailure(err));
        return;
      }
      watchChannel(channel, options, resolve);
    });
  });
}

function watchChannel(
  channel: ClientChannel,
  options: ExecOptions,
  resolve: (outcome: ExecOutcome) => void,
): void {
  const stdout = new BoundedCollector(options.maxOutputBytes);
  const stderr = new BoundedCollector(options.maxOutputBytes);
  const state = {
    exitCode: null as number | null,
    signal: null as string | null,
  };
  let settled = false;
  const settle = (timedOut: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolve(outcomeOf(state, stdout, stderr, timedOut));
  };
  const timer = setTimeout(() => {
    closeQuietly(channel);
    settle(true);
  }, timerDelay(options.timeoutMs));
  channel.on("data", (chunk: Buffer) => stdout.push(chunk));
  channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  channel.on("exit", (code: number | null, signal?: string) => {
    state.exitCode = code;
    state.signal = signal ? signalName(signal) : null;
  });
  channel.on("close", () => settle(false));
  // The command gets end-of-file at once rather than waiting for input.
  channel.end();
}

function outcomeOf(
  state: { exitCode: number | null; signal: string | null },
  stdout: BoundedCollector,
  stderr: BoundedCollector,
  timedOut: boolean,
): ExecOutcome {
  const outcome: ExecOutcome = {
    ...state,
    stdout: stdout.finish(),
    stderr: stderr.finish(),
    timedOut,
  };
  const noStatus = state.exitCode === null && state.signal === null;
  if (noStatus && !timedOut) {
    outcome.failure = "the channel closed before an exit status arrived";
  }
  return outcome;
}

function openFailure(err: Error): ExecOutcome {
  const empty = { text: "", droppedBytes: 0 };
  return {
    exitCode: null,
    signal: null,
    stdout: empty,
    stderr: empty,
    timedOut: false,
    // The reason may come from the server: shown as inert text.
    failure: `no session channel could be opened (${code(err.message)})`,
  };
}

/**
 * Closes the channel. No signal is sent: ssh2 sends none once stdin is
 * ended, and sshd would not let it reach a command run through sudo.
 */
function closeQuietly(channel: ClientChannel): void {
  try {
    channel.close();
  } catch {
    // The connection is already gone; dispose() follows in any case.
  }
}

function signalName(signal: string): string {
  return signal.startsWith("SIG") ? signal : `SIG${signal}`;
}
