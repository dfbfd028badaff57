import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { OperatorConfig } from "../../src/config/types.js";
import { redactPaths } from "../../src/log.js";
import {
  type RuntimePlugin,
  type Runtime,
  startRuntime,
} from "../../src/server/runtime.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";
import { type SshdHandle, startSshd } from "./sshd.js";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const owner = "acme";
export const repo = "ops";

export interface HarnessOptions {
  /** Workflow files by path; default: the repository's workflows/. */
  workflows?: Record<string, string>;
  now?: () => number;
  config?: Partial<OperatorConfig>;
  /** Host aliases served by the test sshd; default web-1 and web-2. */
  aliases?: string[];
  plugins?: (harness: Omit<Harness, "app">) => RuntimePlugin[];
  /** Reuse a database file (to restart the app over the same store). */
  database?: string;
}

export interface Harness {
  gh: GitHubStandIn;
  app: Runtime;
  sshd: SshdHandle;
  config: OperatorConfig;
  owner: string;
  repo: string;
  logs: string[];
  dir: string;
  appKey: { privateKey: string; publicKey: string };
  settle(): Promise<void>;
  /** Stops the app only (the store file stays) and starts it again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const secret = "harness-webhook-secret";

/**
 * The whole product on loopback: the GitHub stand-in, the app with its
 * real webhook endpoint, and a real OpenSSH sshd with recording shims.
 */
export async function startHarness(
  options: HarnessOptions = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "ar-harness-"));
  const appKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const sshd = await startSshd({ dir: join(dir, "sshd") });
  const gh = await startGitHubStandIn({
    appId: 1,
    appSlug: "approval-runner",
    publicKeyPem: appKey.publicKey,
    webhookSecret: secret,
    owner,
    repo,
  });
  seedRepository(gh, options.workflows ?? repositoryWorkflows());
  const aliases = options.aliases ?? ["web-1", "web-2"];
  const config: OperatorConfig = {
    publicUrl: "http://127.0.0.1:0",
    database: options.database ?? join(dir, "store.db"),
    hosts: Object.fromEntries(aliases.map((a) => [a, sshd.hostConfig(a)])),
    allowSelfApproval: false,
    defaultTtlMinutes: 1440,
    commandTimeoutSeconds: 30,
    ...options.config,
  };
  const logs: string[] = [];
  const log = pino(
    { level: "debug", redact: { paths: redactPaths, censor: "[redacted]" } },
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const partial = { gh, sshd, config, owner, repo, logs, dir, appKey };
  const start = async () => {
    const app = await startRuntime({
      config,
      log,
      appId: 1,
      privateKey: appKey.privateKey,
      webhookSecret: secret,
      baseUrl: gh.apiUrl,
      sweepEveryMs: 0,
      throttle: false,
      ...(options.now ? { now: options.now } : {}),
      ...(options.plugins
        ? { plugins: options.plugins(partial as Omit<Harness, "app">) }
        : {}),
    });
    gh.setWebhookUrl(app.webhookUrl);
    return app;
  };
  const harness: Harness = {
    ...partial,
    app: await start(),
    settle: () => settle(harness),
    restart: async () => {
      await harness.app.close();
      harness.app = await start();
      await settle(harness);
    },
    close: async () => {
      await harness.app.close();
      await gh.close();
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Waits until neither the app nor the stand-in has work in flight. */
async function settle(harness: Harness): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    const before = harness.gh.calls.length + harness.gh.deliveries.length;
    await harness.app.idle();
    await harness.gh.settled();
    await new Promise((r) => setTimeout(r, 20));
    const after = harness.gh.calls.length + harness.gh.deliveries.length;
    quiet = before === after ? quiet + 1 : 0;
  }
}

function repositoryWorkflows(): Record<string, string> {
  const dir = join(repoRoot, "workflows");
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [`workflows/${f}`, readFileSync(join(dir, f), "utf8")]),
  );
}

function seedRepository(gh: GitHubStandIn, files: Record<string, string>) {
  for (const login of ["alice", "bob", "carol", "dave", "Mallory"]) {
    gh.addUser(login);
  }
  gh.addUser("helper-bot[bot]", "Bot");
  gh.commit(repo, "main", files, "add workflows");
}
