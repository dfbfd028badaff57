import { existsSync, readFileSync } from "node:fs";
import { loadOperatorConfig } from "../config/load.js";
import { duoPlugin } from "../duo/plugin.js";
import { fail, isAppError } from "../errors.js";
import { createLogger } from "../log.js";
import { startRuntime } from "./runtime.js";

type Env = Record<string, string | undefined>;

/**
 * `npm start`: the app against github.com (or GitHub Enterprise Server)
 * with credentials from the environment or `.env`.
 */
export async function main(env: Env = process.env): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const log = createLogger();
  const config = loadOperatorConfig(env);
  const runtime = await startRuntime({
    config,
    log,
    appId: required(env, "APP_ID"),
    privateKey: privateKeyOf(env),
    webhookSecret: required(env, "WEBHOOK_SECRET"),
    ...baseUrlOf(env),
    port: Number(env["PORT"] ?? 3000),
    host: env["HOST"] ?? "0.0.0.0",
    plugins: config.duo ? [duoPlugin()] : [],
  });
  log.info({ url: runtime.url }, "app listening");
  const stop = () => void runtime.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) {
    throw fail("AR_CONFIG_MISSING", {
      name,
      hint: `set ${name} in the environment or in .env (see the README)`,
    });
  }
  return value;
}

function privateKeyOf(env: Env): string {
  if (env["PRIVATE_KEY"]) return env["PRIVATE_KEY"].replaceAll("\\n", "\n");
  const path = required(env, "PRIVATE_KEY_PATH");
  return readFileSync(path, "utf8");
}

function baseUrlOf(env: Env): { baseUrl?: string } {
  if (env["GITHUB_API_URL"]) return { baseUrl: env["GITHUB_API_URL"] };
  if (!env["GHE_HOST"]) return {};
  const protocol = env["GHE_PROTOCOL"] ?? "https";
  return { baseUrl: `${protocol}://${env["GHE_HOST"]}/api/v3` };
}

/** A start-up failure as people see it: sentences, never a stack. */
function startupMessage(err: unknown): string {
  if (isAppError(err)) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  return `approval-runner could not start: ${text}`;
}

main().catch((err: unknown) => {
  console.error(startupMessage(err));
  process.exit(1);
});
