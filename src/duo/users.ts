import type { DuoConfig } from "../config/types.js";

/**
 * The Duo username for a GitHub login: the operator's map, else the login
 * itself, lower-cased. Own keys only, so a login like `constructor` cannot
 * pick up an inherited value.
 */
export function duoUsernameFor(
  config: Pick<DuoConfig, "users">,
  login: string,
): string {
  const key = login.toLowerCase();
  return Object.hasOwn(config.users, key) ? (config.users[key] ?? key) : key;
}
