import { resolve } from "node:path";
import type { PeopleSpec } from "../workflow/types.js";
import { checkOperatorConfig } from "./check.js";
import { configInvalid, readConfigFile } from "./read-file.js";
import type { DuoEntry, HostEntry, OperatorConfigFile } from "./schema.js";
import { url } from "./schema.js";
import { readSecrets, type Secrets } from "./secrets.js";
import type { DuoConfig, HostConfig, OperatorConfig } from "./types.js";

type Env = Record<string, string | undefined>;

/**
 * Reads the operator config: a YAML file (`AR_CONFIG`, default
 * `approval-runner.config.yaml`) whose secrets are named by environment
 * variable or file path, never written inline.
 */
export function loadOperatorConfig(env: Env = process.env): OperatorConfig {
  const path = resolve(env["AR_CONFIG"] ?? "approval-runner.config.yaml");
  return parseOperatorConfig(readConfigFile(path), { path, env });
}

/**
 * Builds an OperatorConfig from parsed YAML, resolving secrets from env.
 * Refuses with every problem at once; nothing falls back to a default
 * when a value is there but wrong.
 */
export function parseOperatorConfig(
  raw: unknown,
  { path, env }: { path: string; env: Env },
): OperatorConfig {
  const { secrets, problems: unread } = readSecrets(raw, env);
  const problems = [
    ...checkOperatorConfig(raw),
    ...unread,
    ...environmentProblems(raw, env),
  ];
  if (problems.length > 0) throw configInvalid(path, problems);
  return build(raw as OperatorConfigFile, env, secrets);
}

/** PUBLIC_URL stands in for `publicUrl`, so it must be one as well. */
function environmentProblems(raw: unknown, env: Env): string[] {
  const fromFile = (raw as OperatorConfigFile | null)?.publicUrl;
  const fromEnv = env["PUBLIC_URL"];
  if (fromFile !== undefined || fromEnv === undefined) return [];
  if (new RegExp(url.pattern).test(fromEnv)) return [];
  return [`environment variable PUBLIC_URL must be ${url.description}`];
}

function build(
  file: OperatorConfigFile,
  env: Env,
  secrets: Secrets,
): OperatorConfig {
  const hosts: Record<string, HostConfig> = {};
  for (const [alias, entry] of Object.entries(file.hosts ?? {})) {
    hosts[alias] = buildHost(alias, entry, secrets);
  }
  const config: OperatorConfig = {
    publicUrl: file.publicUrl ?? env["PUBLIC_URL"] ?? "http://localhost:3000",
    database: file.database ?? env["AR_DATABASE"] ?? "approval-runner.db",
    hosts,
    allowSelfApproval: file.allowSelfApproval ?? false,
    defaultTtlMinutes: file.defaultTtlMinutes ?? 1440,
    commandTimeoutSeconds: file.commandTimeoutSeconds ?? 300,
  };
  if (file.maxTtlMinutes !== undefined) {
    config.maxTtlMinutes = file.maxTtlMinutes;
  }
  if (file.localAlias !== undefined) config.localAlias = file.localAlias;
  if (file.duo) config.duo = buildDuo(file.duo, String(secrets.skey));
  if (file.importedApprovers) {
    config.importedApprovers = people(file.importedApprovers);
  }
  return config;
}

function buildHost(
  alias: string,
  entry: HostEntry,
  secrets: Secrets,
): HostConfig {
  const read = secrets.hosts[alias];
  const config: HostConfig = {
    alias,
    host: entry.host,
    port: entry.port ?? 22,
    user: entry.user,
    privateKey: String(read?.privateKey),
    hostKey: entry.hostKey,
    connectTimeoutMs: entry.connectTimeoutMs ?? 10_000,
  };
  if (read?.passphrase !== undefined) config.passphrase = read.passphrase;
  return config;
}

function buildDuo(entry: DuoEntry, skey: string): DuoConfig {
  const users: Record<string, string> = {};
  for (const [login, name] of Object.entries(entry.users ?? {})) {
    users[login.toLowerCase()] = name;
  }
  return {
    ikey: entry.ikey,
    skey,
    host: entry.host,
    baseUrl: entry.baseUrl ?? `https://${entry.host}`,
    users,
    timeoutMs: entry.timeoutMs ?? 15_000,
  };
}

/** Approver lists; a list left out is empty. */
export function people(
  entry: NonNullable<OperatorConfigFile["importedApprovers"]>,
): PeopleSpec {
  return {
    users: entry.users ?? [],
    teams: entry.teams ?? [],
    roles: entry.roles ?? [],
  };
}
