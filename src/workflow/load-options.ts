import type { PeopleSpec } from "./types.js";

/** What the operator's config tells a loader; never read from the repo. */
export interface LoadOptions {
  /** Host aliases of the operator's inventory. */
  hosts: string[];
  /** Host alias for StackStorm's `core.local_sudo` and `core.remote_sudo`. */
  localAlias?: string;
  /** Approvers for imported inquiries that name none. */
  importedApprovers?: PeopleSpec;
}
