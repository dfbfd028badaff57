import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { fail } from "../errors.js";
import type { PeopleSpec } from "../workflow/types.js";
import type { DuoConfig, HostConfig, OperatorConfig } from "./types.js";

type Env = Record<string, string | undefined>;
type Raw = Record<string, unknown>;

const fingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/;

/**
 * Reads the operator config: a YAML file (`AR_CONFIG`, default
 * `approval-runner.config.yaml`) whose secrets are named by environment
 * variable or file path, never written inline.
 */
export function loadOperatorConfig(env: Env = process.env): OperatorConfig {
  const path = resolve(env["AR_CONFIG"] ?? "approval-runner.config.yaml");
  let raw: Raw;
  try {
    raw = (parse(readFileSync(path, "utf8")) ?? {}) as Raw;
  } catch (cause) {
    throw fail("AR_CONFIG_INVALID", { path, problem: describe(cause) });
  }
  return parseOperatorConfig(raw, { path, env });
}

/** Builds an OperatorConfig from parsed YAML, resolving secrets from env. */
export function parseOperatorConfig(
  raw: Raw,
  { path, env }: { path: string; env: Env },
): OperatorConfig {
  const hosts = parseHosts(raw["hosts"], { path, env });
  const config: OperatorConfig = {
    publicUrl:
      str(raw["publicUrl"]) ?? env["PUBLIC_URL"] ?? "http://localhost:3000",
    database:
      str(raw["database"]) ?? env["AR_DATABASE"] ?? "approval-runner.db",
    hosts,
    allowSelfApproval: raw["allowSelfApproval"] === true,
    defaultTtlMinutes: num(raw["defaultTtlMinutes"]) ?? 1440,
    commandTimeoutSeconds: num(raw["commandTimeoutSeconds"]) ?? 300,
  };
  const maxTtl = num(raw["maxTtlMinutes"]);
  if (maxTtl !== undefined) config.maxTtlMinutes = maxTtl;
  const localAlias = str(raw["localAlias"]);
  if (localAlias !== undefined) {
    if (!hosts[localAlias]) {
      throw fail("AR_CONFIG_INVALID", {
        path,
        problem: `localAlias \`${localAlias}\` is not one of hosts`,
      });
    }
    config.localAlias = localAlias;
  }
  const duo = parseDuo(raw["duo"], { path, env });
  if (duo) config.duo = duo;
  const imported = parsePeople(raw["importedApprovers"]);
  if (imported) config.importedApprovers = imported;
  return config;
}

function parseHosts(value: unknown, where: { path: string; env: Env }) {
  const hosts: Record<string, HostConfig> = {};
  for (const [alias, entry] of Object.entries((value ?? {}) as Raw)) {
    hosts[alias] = parseHost(alias, (entry ?? {}) as Raw, where);
  }
  return hosts;
}

function parseHost(
  alias: string,
  raw: Raw,
  { path, env }: { path: string; env: Env },
): HostConfig {
  const problem = (text: string) =>
    fail("AR_CONFIG_INVALID", { path, problem: `hosts.${alias}: ${text}` });
  const host = str(raw["host"]);
  const user = str(raw["user"]);
  const hostKey = str(raw["hostKey"]);
  if (!host || !user) throw problem("`host` and `user` are required");
  if (!hostKey || !fingerprintPattern.test(hostKey)) {
    throw problem(
      "`hostKey` must be a pinned SHA256 fingerprint as `ssh-keygen -lf` prints it (SHA256:…)",
    );
  }
  const config: HostConfig = {
    alias,
    host,
    port: num(raw["port"]) ?? 22,
    user,
    privateKey: readSecret(raw, "privateKey", env, problem),
    hostKey,
    connectTimeoutMs: num(raw["connectTimeoutMs"]) ?? 10_000,
  };
  if (raw["passphraseEnv"] !== undefined) {
    config.passphrase = readSecret(raw, "passphrase", env, problem);
  }
  return config;
}

/** A secret comes from `<name>Path` (a file) or `<name>Env` (a variable). */
function readSecret(
  raw: Raw,
  name: string,
  env: Env,
  problem: (text: string) => Error,
): string {
  const file = str(raw[`${name}Path`]);
  if (file) {
    try {
      return readFileSync(file, "utf8");
    } catch {
      throw problem(`\`${name}Path\` ${file} cannot be read`);
    }
  }
  const variable = str(raw[`${name}Env`]);
  const value = variable ? env[variable] : undefined;
  if (value) return value;
  throw problem(
    `set \`${name}Path\` to a file or \`${name}Env\` to a set environment variable`,
  );
}

function parseDuo(
  value: unknown,
  { path, env }: { path: string; env: Env },
): DuoConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = value as Raw;
  const problem = (text: string) =>
    fail("AR_CONFIG_INVALID", { path, problem: `duo: ${text}` });
  const ikey = str(raw["ikey"]);
  const host = str(raw["host"]);
  if (!ikey || !host) throw problem("`ikey` and `host` are required");
  const users: Record<string, string> = {};
  for (const [login, name] of Object.entries((raw["users"] ?? {}) as Raw)) {
    users[login.toLowerCase()] = String(name);
  }
  return {
    ikey,
    skey: readSecret(raw, "skey", env, problem),
    host,
    baseUrl: str(raw["baseUrl"]) ?? `https://${host}`,
    users,
    timeoutMs: num(raw["timeoutMs"]) ?? 15_000,
  };
}

function parsePeople(value: unknown): PeopleSpec | undefined {
  if (!value || typeof value !== "object") return undefined;
  const raw = value as Raw;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    users: list(raw["users"]),
    teams: list(raw["teams"]),
    roles: list(raw["roles"]),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value)
    ? value
    : undefined;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
