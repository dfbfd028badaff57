import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import ssh2, {
  type AuthContext,
  type Connection,
  type ParsedKey,
  type Server,
  type ServerChannel,
} from "ssh2";
import type { HostConfig } from "../../config/types.js";
import { fingerprintOf } from "../../ssh/fingerprint.js";
import { readableEd25519Pair } from "./keys.js";
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
} from "./shims.js";

/** An SSH server in this process, for the sandbox when no sshd exists. */
export interface EmbeddedSshServer {
  port: number;
  dir: string;
  hostConfig(alias: string): HostConfig;
  records(): string[][];
  sudoRecords(): string[][];
  callSpans(): CallSpan[];
  clearRecords(): void;
  setShimBehaviour(behaviour: ShimBehaviour): void;
  /** Lets the calls a `hold` behaviour keeps waiting go on. */
  releaseHeld(): void;
  stop(): Promise<void>;
}

// ssh2 is CommonJS; Node's ESM loader sees only its default export.
const { Server: SshServer } = ssh2;

interface ServerKeys {
  hostPrivate: string;
  hostFingerprint: string;
  userPrivate: string;
  userPublic: ParsedKey;
}

/**
 * Starts an ssh2 server on 127.0.0.1 with a host key made in memory. It
 * accepts one user key and runs each exec request with `sh -c`, PATH set
 * to the recording shims only.
 */
export async function startEmbeddedSshServer(
  options: { dir?: string } = {},
): Promise<EmbeddedSshServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ar-ssh-standin-"));
  writeShims(dir);
  const keys = makeKeys();
  const children = new Set<ChildProcess>();
  const server = new SshServer({ hostKeys: [keys.hostPrivate] }, (client) =>
    serveClient(client, keys.userPublic, { dir, children }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return handleFor({ dir, ownDir, port, keys, server, children });
}

function makeKeys(): ServerKeys {
  const host = readableEd25519Pair();
  const user = readableEd25519Pair();
  return {
    hostPrivate: host.private,
    hostFingerprint: fingerprintOf(host.publicKey.getPublicSSH()),
    userPrivate: user.private,
    userPublic: user.publicKey,
  };
}

interface ExecContext {
  dir: string;
  children: Set<ChildProcess>;
}

function serveClient(client: Connection, allowed: ParsedKey, ctx: ExecContext) {
  client.on("error", () => {});
  client.on("authentication", (auth) => authenticate(auth, allowed));
  client.on("ready", () => {
    client.on("session", (acceptSession) => {
      const session = acceptSession();
      session.on("exec", (accept, _reject, info) => {
        runExec(accept(), info.command, ctx);
      });
    });
  });
}

/** Public key only: the one allowed key, with a valid signature. */
function authenticate(auth: AuthContext, allowed: ParsedKey): void {
  if (isAllowed(auth, allowed)) auth.accept();
  else auth.reject(["publickey"]);
}

function isAllowed(auth: AuthContext, allowed: ParsedKey): boolean {
  if (auth.method !== "publickey") return false;
  const sameKey =
    auth.key.algo === allowed.type &&
    auth.key.data.equals(allowed.getPublicSSH());
  if (!sameKey) return false;
  // Without a signature the client only asks whether the key would do.
  if (!auth.signature || !auth.blob) return true;
  return allowed.verify(auth.blob, auth.signature, auth.hashAlgo);
}

function runExec(channel: ServerChannel, command: string, ctx: ExecContext) {
  const child = spawn("/bin/sh", ["-c", command], {
    cwd: ctx.dir,
    env: { PATH: shimBinDir(ctx.dir) },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a timeout can end the whole command.
    detached: true,
  });
  ctx.children.add(child);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.once("close", (code, signal) => {
    ctx.children.delete(child);
    if (signal) channel.exit(signal.replace(/^SIG/, ""), false, "");
    else channel.exit(code ?? 255);
    channel.end();
  });
  // A client that gives up (a timeout) takes the command down with it.
  channel.once("close", () => killGroup(child));
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group has already gone.
  }
}

function handleFor(d: {
  dir: string;
  ownDir: boolean;
  port: number;
  keys: ServerKeys;
  server: Server;
  children: Set<ChildProcess>;
}): EmbeddedSshServer {
  return {
    port: d.port,
    dir: d.dir,
    hostConfig: (alias) => ({
      alias,
      host: "127.0.0.1",
      port: d.port,
      user: userInfo().username,
      privateKey: d.keys.userPrivate,
      hostKey: d.keys.hostFingerprint,
      connectTimeoutMs: 5000,
    }),
    records: () => readRecords(d.dir, "systemctl"),
    sudoRecords: () => readRecords(d.dir, "sudo"),
    callSpans: () => readCallSpans(d.dir, "systemctl"),
    clearRecords: () => clearRecords(d.dir),
    setShimBehaviour: (b) => setShimBehaviour(d.dir, b),
    releaseHeld: () => releaseHeld(d.dir),
    stop: async () => {
      await stopServer(d.server, d.children);
      if (d.ownDir) rmSync(d.dir, { recursive: true, force: true });
    },
  };
}

function stopServer(server: Server, children: Set<ChildProcess>) {
  for (const child of children) killGroup(child);
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
