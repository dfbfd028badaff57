import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { fail } from "../errors.js";
import type { LoadOptions } from "../workflow/load.js";

type Raw = Record<string, unknown>;

/**
 * What the loader needs from an operator config file, for checks run
 * away from the server: host aliases, the local alias and the approvers
 * of imported inquiries. No key or secret is read.
 */
export function readLoadOptions(file: string): LoadOptions {
  const path = resolve(file);
  let raw: Raw;
  try {
    raw = (parse(readFileSync(path, "utf8")) ?? {}) as Raw;
  } catch (cause) {
    const problem = cause instanceof Error ? cause.message : String(cause);
    throw fail("AR_CONFIG_INVALID", { path, problem }, { cause });
  }
  const hosts = Object.keys((raw["hosts"] ?? {}) as Raw);
  const options: LoadOptions = { hosts };
  if (typeof raw["localAlias"] === "string") {
    options.localAlias = raw["localAlias"];
  }
  const imported = raw["importedApprovers"] as Raw | undefined;
  if (imported && typeof imported === "object") {
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    options.importedApprovers = {
      users: list(imported["users"]),
      teams: list(imported["teams"]),
      roles: list(imported["roles"]),
    };
  }
  return options;
}
