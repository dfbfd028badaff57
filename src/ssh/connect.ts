import { NodeSSH } from "node-ssh";
import type { HostConfig } from "../config/types.js";
import { type AppError, fail } from "../errors.js";
import { fingerprintOf, isSameFingerprint } from "./fingerprint.js";

/** The SSH error fields ssh2 and node sockets set, as far as we read them. */
interface SshFailure {
  code?: unknown;
  level?: unknown;
  message?: unknown;
}

/**
 * Opens an SSH connection to `host`, accepting only the pinned host key.
 * Rejects with AR_HOST_KEY_MISMATCH or AR_SSH_CONNECT; never trusts on
 * first use.
 */
export async function connectToHost(host: HostConfig): Promise<NodeSSH> {
  const ssh = new NodeSSH();
  let presented: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    presented = fingerprintOf(key);
    return isSameFingerprint(presented, host.hostKey);
  };
  try {
    await ssh.connect({ ...connectConfig(host), hostVerifier });
  } catch (err) {
    ssh.dispose();
    throw connectError(host, presented, err);
  }
  // node-ssh drops its own listener after connecting; without one a reset
  // between commands would crash the process.
  ssh.connection?.on("error", () => {});
  return ssh;
}

function connectConfig(host: HostConfig) {
  return {
    host: host.host,
    port: host.port,
    username: host.user,
    privateKey: host.privateKey,
    ...(host.passphrase === undefined ? {} : { passphrase: host.passphrase }),
    readyTimeout: host.connectTimeoutMs,
    tryKeyboard: false,
  };
}

function connectError(
  host: HostConfig,
  presented: string | undefined,
  err: unknown,
): AppError {
  if (presented !== undefined && !isSameFingerprint(presented, host.hostKey)) {
    const details = { alias: host.alias, expected: host.hostKey, presented };
    return fail("AR_HOST_KEY_MISMATCH", details, { cause: err });
  }
  const problem = describeFailure(host, (err ?? {}) as SshFailure);
  return fail("AR_SSH_CONNECT", { alias: host.alias, problem }, { cause: err });
}

const socketProblems: Record<string, (h: HostConfig) => string> = {
  ECONNREFUSED: (h) => `${h.host}:${h.port} refused the connection`,
  ECONNRESET: (h) => `${h.host}:${h.port} reset the connection`,
  ENOTFOUND: (h) => `the name ${h.host} could not be resolved`,
  EAI_AGAIN: (h) => `the name ${h.host} could not be resolved`,
  EHOSTUNREACH: (h) => `${h.host} is unreachable`,
  ENETUNREACH: (h) => `${h.host} is unreachable`,
  ETIMEDOUT: (h) => `${h.host}:${h.port} did not answer`,
};

/** Says what went wrong in words that carry no key material. */
function describeFailure(host: HostConfig, err: SshFailure): string {
  const message = typeof err.message === "string" ? err.message : "";
  const bySocket = socketProblems[String(err.code)];
  if (bySocket) return bySocket(host);
  if (err.level === "client-timeout") {
    return `no SSH handshake within ${host.connectTimeoutMs} ms`;
  }
  if (err.level === "client-authentication") {
    return `the server refused the private key for user ${host.user}`;
  }
  if (/privateKey|private key/i.test(message)) {
    return "the private key could not be read (format or passphrase)";
  }
  return `the SSH handshake failed (${String(err.level ?? err.code)})`;
}
