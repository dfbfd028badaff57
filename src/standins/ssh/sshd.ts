import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { HostConfig } from "../../config/types.js";
import {
  type CallSpan,
  clearRecords,
  readCallSpans,
  readRecords,
  releaseHeld,
  type ShimBehaviour,
  setShimBehaviour,
  shimBinDir,
  writeShims,
} from "../../standins/ssh/shims.js";

const run = promisify(execFile);
const SSHD = "/usr/sbin/sshd";
const START_ATTEMPTS = 3;

/** A real OpenSSH server on loopback with recording shims on its PATH. */
export interface SshdHandle {
  port: number;
  dir: string;
  /** Inventory entry that reaches this server with its real host key. */
  hostConfig(alias: string): HostConfig;
  /** The argv of each `systemctl` call, oldest first. */
  records(): string[][];
  sudoRecords(): string[][];
  /** Start and end of each `systemctl` call, for concurrency checks. */
  callSpans(): CallSpan[];
  clearRecords(): void;
  setShimBehaviour(behaviour: ShimBehaviour): void;
  /** Lets the calls a `hold` behaviour keeps waiting go on. */
  releaseHeld(): void;
  /** The last lines sshd logged. */
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts `/usr/sbin/sshd -D -e` as the current user on a free port. */
export async function startSshd(
  options: { dir?: string } = {},
): Promise<SshdHandle> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ar-sshd-"));
  mkdirSync(dir, { recursive: true });
  // sshd refuses to start without its privilege separation folder.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const keys = await makeKeys(dir);
  writeShims(join(dir, "shims"));
  const launched = await launch(dir);
  const ownDir = options.dir === undefined;
  return handleFor({ dir, ownDir, ...launched, ...keys });
}

interface Keys {
  hostKey: string;
  userKey: string;
}

async function makeKeys(dir: string): Promise<Keys> {
  const host = join(dir, "host_ed25519");
  const user = join(dir, "user_ed25519");
  await keygen(host, "approval-runner test host");
  await keygen(user, "approval-runner test user");
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${user}.pub`));
  const { stdout } = await run("ssh-keygen", ["-lf", `${host}.pub`]);
  return {
    hostKey: stdout.split(" ")[1]!,
    userKey: readFileSync(user, "utf8"),
  };
}

function keygen(file: string, comment: string) {
  const args = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file];
  return run("ssh-keygen", args);
}

function configFor(dir: string, port: number): string {
  const path = `${shimBinDir(join(dir, "shims"))}:/usr/bin:/bin`;
  return [
    "ListenAddress 127.0.0.1",
    `Port ${port}`,
    `HostKey ${join(dir, "host_ed25519")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "PermitRootLogin prohibit-password",
    // bash reads ~/.bashrc under sshd only as a top-level shell; an
    // inherited SHLVL keeps this machine's dotfiles out of the tests.
    `SetEnv PATH=${path} SHLVL=1`,
    "",
  ].join("\n");
}

/** Starts sshd, retrying when another process took the port meanwhile. */
async function launch(dir: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const config = join(dir, "sshd_config");
    writeFileSync(config, configFor(dir, port));
    try {
      return { ...(await spawnSshd(config)), port };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

const LOG_CHARS = 16_000;

interface Launched {
  child: ChildProcess;
  /** The last lines sshd wrote, for diagnosing a failing test. */
  log: () => string;
}

function spawnSshd(config: string): Promise<Launched> {
  const child = spawn(SSHD, ["-D", "-e", "-f", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let log = "";
  const launched = { child, log: () => log };
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      log = `${log}${chunk.toString("utf8")}`.slice(-LOG_CHARS);
      if (log.includes("Server listening on")) resolve(launched);
    });
    child.once("exit", (code) => {
      reject(new Error(`sshd exited with ${code} before listening:\n${log}`));
    });
  });
}

/** A loopback port nothing listens on, as of this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface HandleParts extends Keys, Launched {
  dir: string;
  /** Whether we made `dir`, and so remove it on stop. */
  ownDir: boolean;
  port: number;
}

function handleFor(d: HandleParts): SshdHandle {
  const shims = join(d.dir, "shims");
  const handle: SshdHandle = {
    port: d.port,
    dir: d.dir,
    hostConfig: (alias) => ({
      alias,
      host: "127.0.0.1",
      port: d.port,
      user: userInfo().username,
      privateKey: d.userKey,
      hostKey: d.hostKey,
      connectTimeoutMs: 5000,
    }),
    records: () => readRecords(shims, "systemctl"),
    sudoRecords: () => readRecords(shims, "sudo"),
    callSpans: () => readCallSpans(shims, "systemctl"),
    clearRecords: () => clearRecords(shims),
    setShimBehaviour: (b) => setShimBehaviour(shims, b),
    releaseHeld: () => releaseHeld(shims),
    log: d.log,
    stop: async () => {
      await stopChild(d.child);
      // The folder holds this run's throwaway private keys.
      if (d.ownDir) rmSync(d.dir, { recursive: true, force: true });
    },
  };
  return handle;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function stopAll(): void {
  for (const child of running) child.kill("SIGTERM");
}

process.once("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopAll();
    // Now without our listener, the signal ends the process as usual.
    process.kill(process.pid, signal);
  });
}
