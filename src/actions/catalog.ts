import type { JsonSchema } from "../workflow/types.js";

/** What the loader knows of an action: its name, input and nature. */
export interface ActionSpec {
  name: string;
  /** Other names accepted in workflow files (StackStorm's, mostly). */
  aliases: string[];
  /** JSON Schema (draft-07) of the task's input, checked by ajv. */
  input: JsonSchema;
  /** Whether the run waits for people (an inquiry, a second factor). */
  pauses: boolean;
  /** Has side effects, so it runs at most once and is never retried. */
  guarded: boolean;
  description: string;
}

/** Repository roles that may answer an inquiry. */
export const inquiryRoles = ["admin", "maintain", "write", "triage"];

/** The longest ssh.run `timeout`: a day, well within what a timer can wait. */
export const maxTimeoutSeconds = 86_400;

const names = { type: "array", items: { type: "string", minLength: 1 } };

const noop: ActionSpec = {
  name: "core.noop",
  aliases: [],
  input: { type: "object", additionalProperties: false, properties: {} },
  pauses: false,
  guarded: false,
  description: "Does nothing; useful to join or end paths.",
};

const ask: ActionSpec = {
  name: "core.ask",
  aliases: [],
  input: {
    type: "object",
    additionalProperties: false,
    required: ["schema"],
    properties: {
      route: { type: "string", description: "Team or user to notify." },
      users: { ...names, description: "Logins that may answer." },
      teams: { ...names, description: "Teams whose members may answer." },
      roles: {
        type: "array",
        items: { enum: inquiryRoles },
        description: "Repository roles that may answer.",
      },
      allow_requester: {
        type: "boolean",
        description: "Whether the requester may answer their own run.",
      },
      approvals: { type: "integer", minimum: 1, default: 1 },
      ttl: { type: "integer", minimum: 1, description: "Minutes to wait." },
      schema: { type: "object", description: "JSON Schema of a reply." },
    },
  },
  pauses: true,
  guarded: false,
  description: "Asks people for a structured reply and waits for it.",
};

const sshRun: ActionSpec = {
  name: "ssh.run",
  aliases: [],
  input: {
    type: "object",
    additionalProperties: false,
    required: ["command"],
    properties: {
      host: { type: "string", description: "A host alias of the inventory." },
      hosts: { ...names, minItems: 1, description: "Several host aliases." },
      command: { type: "string", minLength: 1 },
      sudo: { type: "boolean", description: "Run with `sudo -n`." },
      timeout: {
        type: "integer",
        minimum: 1,
        maximum: maxTimeoutSeconds,
        description:
          "Seconds the command may run, 1 to 86400 (a day); a literal integer, never a template.",
      },
      concurrency: {
        type: "integer",
        minimum: 1,
        description:
          "Hosts worked on at once; a literal integer, never a template.",
      },
    },
  },
  pauses: false,
  guarded: true,
  description: "Runs a command over SSH on hosts of the inventory.",
};

const duoAuth: ActionSpec = {
  name: "duo.auth",
  aliases: ["duo.auth_auth"],
  input: {
    type: "object",
    additionalProperties: false,
    properties: {
      factor: { enum: ["passcode", "push", "auto"], default: "passcode" },
      for: {
        type: "string",
        description:
          "The core.ask task whose approvers confirm; default the nearest before.",
      },
    },
  },
  pauses: true,
  guarded: false,
  description: "Asks an inquiry's approver to confirm with Duo.",
};

/** Every action a workflow may name. */
export const actions: readonly ActionSpec[] = [noop, ask, sshRun, duoAuth];

/** The action called `name` or aliased so; undefined when there is none. */
export function findAction(name: string): ActionSpec | undefined {
  return actions.find((a) => a.name === name || a.aliases.includes(name));
}

/** The action names for messages, aliases in brackets. */
export function describeActions(): string {
  return actions
    .map((a) => {
      const aliases = a.aliases.map((x) => `\`${x}\``).join(", ");
      return aliases ? `\`${a.name}\` (also ${aliases})` : `\`${a.name}\``;
    })
    .join(", ");
}
