import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { quoteShell } from "../../ssh/quote.js";

/** How the `systemctl` stand-in behaves on its next calls. */
export interface ShimBehaviour {
  exitCode?: number;
  sleepSeconds?: number;
  /** Bytes written to stdout before exiting. */
  outputBytes?: number;
  /**
   * Wait, once the call is recorded, until `releaseHeld` is called: a
   * command that is surely still running, for as long as a test needs.
   */
  hold?: boolean;
}

/** When one recorded call started and, if it did, finished. */
export interface CallSpan {
  startNs: bigint;
  endNs: bigint | null;
}

export type ShimName = "systemctl" | "sudo";

/** The folder to put first on the remote PATH. */
export function shimBinDir(dir: string): string {
  return join(dir, "bin");
}

/**
 * Writes recording stand-ins for `systemctl` and `sudo` under `dir`. They
 * are POSIX sh, so they need nothing beyond a base system, and they write
 * each argument NUL-terminated, which no argument can contain, so no value
 * can be mis-recorded whatever characters it holds.
 */
export function writeShims(dir: string): void {
  for (const sub of ["bin", "records", "tmp"]) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  setShimBehaviour(dir, {});
  writeScript(dir, "systemctl", systemctlBody(dir));
  writeScript(dir, "sudo", sudoBody(dir));
}

export function setShimBehaviour(dir: string, b: ShimBehaviour): void {
  const lines = [
    `exit_code=${whole(b.exitCode ?? 0, 255)}`,
    `sleep_seconds=${seconds(b.sleepSeconds ?? 0)}`,
    `output_bytes=${whole(b.outputBytes ?? 0, 2 ** 40)}`,
    `hold=${b.hold ? 1 : 0}`,
  ];
  // A new hold starts closed; calls held earlier stay as released.
  if (b.hold) rmSync(releaseFile(dir), { force: true });
  writeFileSync(join(dir, "behaviour"), `${lines.join("\n")}\n`);
}

/** Lets every call that `hold` keeps waiting go on and finish. */
export function releaseHeld(dir: string): void {
  writeFileSync(releaseFile(dir), "");
}

function releaseFile(dir: string): string {
  return join(dir, "release");
}

/** The argv of each call to the stand-in `name`, oldest first. */
export function readRecords(dir: string, name: ShimName): string[][] {
  return callFiles(dir, name).map((file) => parseArgs(readFileSync(file)));
}

/** Start and end of each call to the stand-in `name`, oldest first. */
export function readCallSpans(dir: string, name: ShimName): CallSpan[] {
  return callFiles(dir, name).map((file) => ({
    startNs: statSync(file, { bigint: true }).mtimeNs,
    endNs: endOf(`${file}.end`),
  }));
}

export function clearRecords(dir: string): void {
  rmSync(join(dir, "records"), { recursive: true, force: true });
  mkdirSync(join(dir, "records"));
}

function callFiles(dir: string, name: ShimName): string[] {
  const folder = join(dir, "records");
  const files = readdirSync(folder)
    .filter((f) => f.startsWith(`${name}.`) && !f.endsWith(".end"))
    .map((f) => join(folder, f));
  const started = (f: string) => statSync(f, { bigint: true }).mtimeNs;
  return files
    .map((file) => ({ file, at: started(file) }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((entry) => entry.file);
}

function endOf(file: string): bigint | null {
  try {
    return statSync(file, { bigint: true }).mtimeNs;
  } catch {
    return null;
  }
}

function parseArgs(bytes: Buffer): string[] {
  if (bytes.length === 0) return [];
  return bytes.toString("utf8").split("\0").slice(0, -1);
}

function writeScript(dir: string, name: ShimName, body: string): void {
  const file = join(shimBinDir(dir), name);
  writeFileSync(file, body);
  chmodSync(file, 0o755);
}

/** Shell lines that record "$@" into records/<name>.<random>. */
function recordLines(dir: string, name: ShimName): string[] {
  return [
    "#!/bin/sh",
    `# Recording stand-in for ${name}, written by approval-runner tests.`,
    // Our helpers come after the caller's PATH, so a shim stays first.
    'PATH="$PATH:/usr/bin:/bin"',
    `dir=${quoteShell(dir)}`,
    `call=$(mktemp "$dir/tmp/${name}.XXXXXXXX") || exit 97`,
    `if [ "$#" -gt 0 ]; then printf '%s\\0' "$@" > "$call"; fi`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh expansion
    'record="$dir/records/${call##*/}"',
    'mv "$call" "$record" || exit 97',
  ];
}

function systemctlBody(dir: string): string {
  return `${[
    ...recordLines(dir, "systemctl"),
    '. "$dir/behaviour"',
    '[ "$hold" = 0 ] || until [ -e "$dir/release" ]; do sleep 0.05; done',
    '[ "$sleep_seconds" = 0 ] || sleep "$sleep_seconds"',
    '[ "$output_bytes" = 0 ] || yes "shim output" | head -c "$output_bytes"',
    ': > "$record.end"',
    'exit "$exit_code"',
  ].join("\n")}\n`;
}

/** Records its argv, insists on -n as real sudo would without a tty. */
function sudoBody(dir: string): string {
  return `${[
    ...recordLines(dir, "sudo"),
    'if [ "$1" != "-n" ]; then',
    '  echo "sudo: a terminal is required to read the password" >&2',
    "  exit 1",
    "fi",
    "shift",
    '[ "$1" != "--" ] || shift',
    'exec "$@"',
  ].join("\n")}\n`;
}

function whole(value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`shim behaviour value ${value} is out of range`);
  }
  return value;
}

function seconds(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`shim sleep ${value} is out of range`);
  }
  return value === 0 ? "0" : value.toFixed(3);
}
