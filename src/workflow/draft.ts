import type { PeopleSpec } from "./types.js";
import type { Site } from "./yaml-source.js";

/**
 * A workflow as read from a file, every part still tied to where it was
 * written. Each format (native, Mistral, Orquesta) reads into a draft; one
 * set of checks then runs on drafts, whatever the format.
 */
export interface Draft {
  name: string;
  description: string;
  path: string;
  format: "native" | "mistral-v2" | "orquesta";
  /** JSON Schema of the run's input. */
  input: Record<string, unknown>;
  inputAt: Site;
  /** Where the input's properties are written, one key per property. */
  propertiesAt: Site;
  /** Orquesta `vars`: ctx() values that exist before the input. */
  vars: Entry[];
  output: Entry[];
  requesters?: PeopleSpec;
  tasks: DraftTask[];
  tasksAt: Site;
  /** Imported from StackStorm: inquiries may take the operator's approvers. */
  imported: boolean;
}

/** A named value and where its key and value were written. */
export interface Entry {
  name: string;
  value: unknown;
  at: Site;
  keyAt: Site;
}

export interface DraftTask {
  name: string;
  at: Site;
  /** The action as written (aliases unresolved). */
  action: string;
  actionAt: Site;
  input: Record<string, unknown>;
  /** Where each input value was written. */
  inputAt: Record<string, Site>;
  next: DraftTransition[];
  /** Templates that were read but not kept (dropped by a translation). */
  dropped: Entry[];
  /** The host was to come from operator config that is missing (reported). */
  hostless?: boolean;
}

export interface DraftTransition {
  /** The condition as the workflow will evaluate it. */
  when?: string;
  /** The conditions as written, to check them where they were written. */
  conditions: Entry[];
  do: { name: string; at: Site }[];
  publish: Entry[];
  at: Site;
}
