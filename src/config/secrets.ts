import { readFileSync } from "node:fs";
import { code } from "../markdown.js";
import { reasonOf } from "./read-file.js";

type Env = Record<string, string | undefined>;
type Raw = Record<string, unknown>;

/** The secrets an operator config names, read from files and variables. */
export interface Secrets {
  /** Per host alias: the private key and its passphrase. */
  hosts: Record<string, { privateKey?: string; passphrase?: string }>;
  skey?: string;
}

// Conventional variable names are shown in errors; any other value in
// a `…Env` field may be a secret pasted in the wrong place, so it is not.
const shownVariable = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Reads every secret the config names and lists every one that cannot
 * be read. Messages name the key, never its value: a `…Path` value is
 * not echoed even when it is a path, since a secret pasted there would
 * otherwise be printed at start-up.
 */
export function readSecrets(
  raw: unknown,
  env: Env,
): { secrets: Secrets; problems: string[] } {
  const problems: string[] = [];
  const read = (entry: Raw, at: string, name: string) =>
    readSecret({ entry, at, name, env, problems });
  const secrets: Secrets = { hosts: {} };
  const config = isMap(raw) ? raw : {};
  const hosts = isMap(config["hosts"]) ? config["hosts"] : {};
  for (const [alias, entry] of Object.entries(hosts)) {
    if (!isMap(entry)) continue;
    const at = `hosts.${alias}`;
    const privateKey = read(entry, at, "privateKey");
    const passphrase = read(entry, at, "passphrase");
    secrets.hosts[alias] = {
      ...(privateKey !== undefined ? { privateKey } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
    };
  }
  const duo = config["duo"];
  const skey = isMap(duo) ? read(duo, "duo", "skey") : undefined;
  if (skey !== undefined) secrets.skey = skey;
  return { secrets, problems };
}

interface SecretOptions {
  entry: Raw;
  /** The key path of the entry, e.g. `hosts.web-1`. */
  at: string;
  /** `privateKey` for `privateKeyPath` / `privateKeyEnv`. */
  name: string;
  env: Env;
  problems: string[];
}

function readSecret(o: SecretOptions): string | undefined {
  const file = o.entry[`${o.name}Path`];
  if (typeof file === "string") {
    return fromFile(file, `${o.at}.${o.name}Path`, o.problems);
  }
  const variable = o.entry[`${o.name}Env`];
  if (typeof variable !== "string") return undefined;
  const value = o.env[variable];
  if (value) return value;
  o.problems.push(unsetVariable(variable, `${o.at}.${o.name}Env`));
  return undefined;
}

function fromFile(
  file: string,
  key: string,
  problems: string[],
): string | undefined {
  try {
    const value = readFileSync(file, "utf8");
    if (value.trim() !== "") return value;
    problems.push(`${code(key)} names an empty file`);
  } catch (cause) {
    problems.push(
      `${code(key)} names a file that cannot be read: ${reasonOf(cause)}`,
    );
  }
  return undefined;
}

function unsetVariable(variable: string, key: string): string {
  if (shownVariable.test(variable)) {
    return `environment variable ${variable} (named by ${code(key)}) is not set or is empty`;
  }
  return `${code(key)} names an environment variable that is not set or is empty (its name is shown only when written in capitals, digits and _, as it may be a secret)`;
}

function isMap(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
