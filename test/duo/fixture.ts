import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { pino } from "pino";
import type { DuoConfig } from "../../src/config/types.js";
import {
  createDuoClient,
  type DuoClientOptions,
} from "../../src/duo/client.js";
import type { DuoClient } from "../../src/duo/types.js";
import {
  type DuoStandIn,
  type DuoUser,
  startDuoStandIn,
} from "../../src/standins/duo/server.js";

export const IKEY = "DIWJ8X6AEYOR5OMC6TQ1";
/** Made per run, like a real skey: 40 characters. */
export const SKEY = randomBytes(20).toString("hex");
export const HOST = "api-test1234.duosecurity.com";

/** How every Authorization header for IKEY starts (21 bytes: no padding). */
const AUTH_PREFIX = Buffer.from(`${IKEY}:`).toString("base64");

/** Every passcode the fixtures use, right or wrong; none may leak. */
export const PASSCODES = ["304958", "012345", "771199", "999000"];

export function makeUsers(): Record<string, DuoUser> {
  const enrolled = (push: DuoUser["push"]): DuoUser => ({
    status: "auth",
    passcodes: ["304958", "012345", "771199"],
    push,
  });
  return {
    alice: enrolled("allow"),
    dave: enrolled("deny"),
    tim: enrolled("timeout"),
    bypassed: { status: "allow", passcodes: [], push: "allow" },
    banned: { status: "deny", passcodes: [], push: "allow" },
    newbie: { status: "enroll", passcodes: [], push: "allow" },
  };
}

export function startStandIn(): Promise<DuoStandIn> {
  return startDuoStandIn({
    ikey: IKEY,
    skey: SKEY,
    host: HOST,
    users: makeUsers(),
  });
}

export function configFor(
  standIn: DuoStandIn,
  overrides: Partial<DuoConfig> = {},
): DuoConfig {
  const base = { ikey: IKEY, skey: SKEY, host: HOST, users: {} };
  // Generous: a test that means a call to time out sets its own limit.
  return { ...base, baseUrl: standIn.url, timeoutMs: 10_000, ...overrides };
}

/**
 * Collects everything a client says: its log lines (unredacted, so the
 * client itself must keep secrets out) and every error it throws.
 */
export class Capture {
  readonly texts: string[] = [];
  readonly log = pino(
    { level: "debug", timestamp: false },
    { write: (line: string) => this.texts.push(line) },
  );

  client(config: DuoConfig, options: DuoClientOptions = {}): DuoClient {
    return createDuoClient(config, { log: this.log, ...options });
  }

  /** Runs `action`, expecting it to throw; records and returns the error. */
  async thrown(action: () => Promise<unknown>): Promise<unknown> {
    try {
      await action();
    } catch (err) {
      this.texts.push(inspect(err, { depth: 10 }), String(err));
      return err;
    }
    throw new Error("expected the call to throw, but it returned");
  }

  record(value: unknown): void {
    this.texts.push(inspect(value, { depth: 10 }), JSON.stringify(value));
  }

  /** The secrets (skey, passcodes, signed header) found in anything captured. */
  leaks(): string[] {
    const all = this.texts.join("\n");
    return [SKEY, ...PASSCODES, AUTH_PREFIX, "Basic "].filter((secret) =>
      all.includes(secret),
    );
  }
}
