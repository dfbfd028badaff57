import { generateKeyPairSync, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import type { OperatorConfig } from "../config/types.js";
import { duoPlugin } from "../duo/plugin.js";
import {
  type Runtime,
  type RuntimePlugin,
  startRuntime,
} from "../server/runtime.js";
import {
  type DuoStandIn,
  type DuoUser,
  startDuoStandIn,
} from "../standins/duo/server.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../standins/github/server.js";
import { startEmbeddedSshServer } from "../standins/ssh/server.js";
import { type SshdHandle, startSshd } from "../standins/ssh/sshd.js";

export const repoRoot = resolve(import.meta.dirname, "../..");

/** The SSH target: OpenSSH's sshd when installed, else an embedded one. */
export type SshTarget = Pick<
  SshdHandle,
  "hostConfig" | "records" | "clearRecords" | "setShimBehaviour" | "stop"
> &
  Partial<SshdHandle>;

export interface StackOptions {
  log: Logger;
  /** Workflow files by path; default: this repository's workflows/. */
  workflows?: Record<string, string>;
  now?: () => number;
  config?: Partial<OperatorConfig>;
  /** Host aliases served by the SSH target; default web-1 and web-2. */
  aliases?: string[];
  ssh?: "sshd" | "embedded" | "auto";
  plugins?: (stack: StackParts) => RuntimePlugin[];
  database?: string;
  port?: number;
  /** Start a Duo stand-in with these users and the Duo form plugin. */
  duo?: Record<string, DuoUser>;
}

export interface StackParts {
  gh: GitHubStandIn;
  sshd: SshTarget;
  config: OperatorConfig;
  owner: string;
  repo: string;
  dir: string;
  duo?: DuoStandIn;
}

export interface Stack extends StackParts {
  app: Runtime;
  /** Waits until neither the app nor the stand-in has work in flight. */
  settle(): Promise<void>;
  /** Stops the app (the store file stays) and starts it again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const webhookSecret = "stack-webhook-secret";

/**
 * The whole product on loopback: the GitHub stand-in, the app on its real
 * webhook endpoint, and an SSH target with recording shims. Tests and the
 * sandbox both start exactly this.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "ar-stack-"));
  const appKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const sshd = await startTarget(options.ssh ?? "auto", join(dir, "ssh"));
  const gh = await startGitHubStandIn({
    appId: 1,
    appSlug: "approval-runner",
    publicKeyPem: appKey.publicKey,
    webhookSecret,
    owner: "acme",
    repo: "ops",
  });
  seedRepository(gh, options.workflows ?? localWorkflows());
  const duo = options.duo ? await startDuo(options.duo) : undefined;
  const aliases = options.aliases ?? ["web-1", "web-2"];
  const config: OperatorConfig = {
    publicUrl: "http://127.0.0.1:0",
    database: options.database ?? join(dir, "store.db"),
    hosts: Object.fromEntries(aliases.map((a) => [a, sshd.hostConfig(a)])),
    allowSelfApproval: false,
    defaultTtlMinutes: 1440,
    commandTimeoutSeconds: 30,
    ...(duo ? { duo: duo.config } : {}),
    ...options.config,
  };
  const parts: StackParts = {
    gh,
    sshd,
    config,
    owner: gh.owner,
    repo: gh.repo,
    dir,
    ...(duo ? { duo: duo.standIn } : {}),
  };
  const plugins = (p: StackParts) => [
    ...(duo ? [duoPlugin()] : []),
    ...(options.plugins?.(p) ?? []),
  ];
  const start = async () => {
    const app = await startRuntime({
      config,
      log: options.log,
      appId: 1,
      privateKey: appKey.privateKey,
      webhookSecret,
      baseUrl: gh.apiUrl,
      sweepEveryMs: 0,
      throttle: false,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.now ? { now: options.now } : {}),
      plugins: plugins(parts),
    });
    gh.setWebhookUrl(app.webhookUrl);
    if (config.publicUrl.endsWith(":0")) config.publicUrl = app.url;
    return app;
  };
  const stack: Stack = {
    ...parts,
    app: await start(),
    settle: () => settle(stack),
    restart: async () => {
      await stack.app.close();
      stack.app = await start();
      await settle(stack);
    },
    close: async () => {
      await stack.app.close();
      await gh.close();
      await sshd.stop();
      await duo?.standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** A Duo stand-in and the operator config that reaches it. */
async function startDuo(users: Record<string, DuoUser>) {
  const ikey = "DISANDBOX00000000000";
  const skey = randomBytes(20).toString("hex");
  const host = "api-sandbox.duosecurity.com";
  const standIn = await startDuoStandIn({ ikey, skey, host, users });
  const config = {
    ikey,
    skey,
    host,
    baseUrl: standIn.url,
    users: {},
    timeoutMs: 10_000,
  };
  return { standIn, config };
}

async function startTarget(
  kind: "sshd" | "embedded" | "auto",
  dir: string,
): Promise<SshTarget> {
  const useSshd =
    kind === "sshd" || (kind === "auto" && existsSync("/usr/sbin/sshd"));
  return useSshd ? startSshd({ dir }) : startEmbeddedSshServer({ dir });
}

async function settle(stack: Stack): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    const before = stack.gh.calls.length + stack.gh.deliveries.length;
    await stack.app.idle();
    await stack.gh.settled();
    await new Promise((r) => setTimeout(r, 20));
    const after = stack.gh.calls.length + stack.gh.deliveries.length;
    quiet = before === after ? quiet + 1 : 0;
  }
}

/** The workflow files of this repository, as the stand-in's repository. */
export function localWorkflows(): Record<string, string> {
  const folder = join(repoRoot, "workflows");
  return Object.fromEntries(
    readdirSync(folder)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [`workflows/${f}`, readFileSync(join(folder, f), "utf8")]),
  );
}

function seedRepository(gh: GitHubStandIn, files: Record<string, string>) {
  for (const login of ["alice", "bob", "carol", "dave", "Mallory"]) {
    gh.addUser(login);
  }
  gh.addUser("helper-bot[bot]", "Bot");
  gh.addTeam("ops", ["bob", "carol"]);
  gh.commit(gh.repo, "main", files, "add workflows");
}
