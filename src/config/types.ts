import type { PeopleSpec } from "../workflow/types.js";

/** One SSH target in the operator's inventory. */
export interface HostConfig {
  alias: string;
  host: string;
  port: number;
  user: string;
  /** The private key itself (from a path or an environment variable). */
  privateKey: string;
  passphrase?: string;
  /** The pinned host key, as `ssh-keygen -lf` prints it: `SHA256:…`. */
  hostKey: string;
  connectTimeoutMs: number;
}

export interface DuoConfig {
  ikey: string;
  skey: string;
  /** API hostname, e.g. `api-xxxx.duosecurity.com`. */
  host: string;
  /** Where requests go; defaults to `https://<host>` (set for a stand-in). */
  baseUrl: string;
  /** GitHub login (lower case) to Duo username; absent means the same name. */
  users: Record<string, string>;
  timeoutMs: number;
}

/** Settings that only the operator controls, never the served repository. */
export interface OperatorConfig {
  /** Where the app is reachable by people, for the Duo form links. */
  publicUrl: string;
  /** SQLite database file, or `:memory:`. */
  database: string;
  hosts: Record<string, HostConfig>;
  /** Host alias for StackStorm's `core.local_sudo` / `core.remote_sudo`. */
  localAlias?: string;
  duo?: DuoConfig;
  /** Approvers for imported inquiries that name none. */
  importedApprovers?: PeopleSpec;
  /** Whether any workflow may let the requester approve their own run. */
  allowSelfApproval: boolean;
  /** Default inquiry ttl in minutes. */
  defaultTtlMinutes: number;
  /** Longest inquiry ttl any workflow or repository may set, in minutes. */
  maxTtlMinutes?: number;
  /** Default SSH command timeout in seconds. */
  commandTimeoutSeconds: number;
}
