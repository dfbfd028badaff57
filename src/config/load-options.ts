import { resolve } from "node:path";
import type { LoadOptions } from "../workflow/load.js";
import { checkOperatorConfig } from "./check.js";
import { people } from "./load.js";
import { configInvalid, readConfigFile } from "./read-file.js";
import type { OperatorConfigFile } from "./schema.js";

/**
 * What the loader needs from an operator config file, for checks run
 * away from the server: host aliases, the local alias and the approvers
 * of imported inquiries. The whole file is checked as the server checks
 * it, but no key or secret is read.
 */
export function readLoadOptions(file: string): LoadOptions {
  const path = resolve(file);
  const raw = readConfigFile(path);
  const problems = checkOperatorConfig(raw);
  if (problems.length > 0) throw configInvalid(path, problems);
  const config = raw as OperatorConfigFile;
  const options: LoadOptions = { hosts: Object.keys(config.hosts ?? {}) };
  if (config.localAlias !== undefined) options.localAlias = config.localAlias;
  if (config.importedApprovers) {
    options.importedApprovers = people(config.importedApprovers);
  }
  return options;
}
