/**
 * The app as a process of its own, so that a test can kill it (SIGKILL)
 * at any moment and start it again over the same store. Run as a script
 * (`node --import tsx test/support/app-process.ts`) it reads its options
 * as JSON from AR_APP_PROCESS, starts the runtime, and prints one line of
 * JSON with its URLs. Imported, it offers `startAppProcess` to tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import type { OperatorConfig } from "../../src/config/types.js";
import { redactPaths } from "../../src/log.js";
import { startRuntime } from "../../src/server/runtime.js";

const envName = "AR_APP_PROCESS";
const self = fileURLToPath(import.meta.url);

/** What the process needs to start the app against the stand-ins. */
export interface AppProcessOptions {
  config: OperatorConfig;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** The GitHub stand-in's REST base. */
  baseUrl: string;
  /** Where the process writes its JSON log lines. */
  logFile: string;
}

export interface AppProcess {
  webhookUrl: string;
  child: ChildProcess;
  /** Kills the process at once, as a crash would, and waits for it. */
  crash(): Promise<void>;
  /** Stops it gently. */
  stop(): Promise<void>;
}

/** Starts the app in a child process; resolves once it listens. */
export async function startAppProcess(
  options: AppProcessOptions,
): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", self], {
    env: { ...process.env, [envName]: JSON.stringify(options) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => {
      throw new Error(`the app process exited with ${code} before listening`);
    }),
  ])) as [string];
  const { webhookUrl } = JSON.parse(first) as { webhookUrl: string };
  const ended = once(child, "exit");
  return {
    webhookUrl,
    child,
    crash: async () => {
      child.kill("SIGKILL");
      await ended;
    },
    stop: async () => {
      child.kill("SIGTERM");
      await ended;
    },
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env[envName]!) as AppProcessOptions;
  const log = pino(
    { level: "debug", redact: { paths: redactPaths, censor: "[redacted]" } },
    // Synchronous, so the lines before a SIGKILL are on disk.
    pino.destination({ dest: options.logFile, sync: true }),
  );
  const runtime = await startRuntime({
    config: options.config,
    log,
    appId: options.appId,
    privateKey: options.privateKey,
    webhookSecret: options.webhookSecret,
    baseUrl: options.baseUrl,
    sweepEveryMs: 0,
    throttle: false,
  });
  process.stdout.write(
    `${JSON.stringify({ webhookUrl: runtime.webhookUrl })}\n`,
  );
  process.once("SIGTERM", () => {
    void runtime.close().then(() => process.exit(0));
  });
}

if (process.argv[1] === self) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
