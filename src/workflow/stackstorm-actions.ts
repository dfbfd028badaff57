import { code } from "../markdown.js";
import type { Entry } from "./draft.js";
import { isPlainObject } from "./expression.js";
import type { LoadOptions } from "./load-options.js";
import type { Problem } from "./types.js";
import { keySiteAt, problemAt, type Site } from "./yaml-source.js";

type Data = Record<string, unknown>;

/** A StackStorm task's action and input, before translation. */
export interface RawAction {
  task: string;
  taskAt: Site;
  action: string;
  actionAt: Site;
  input: Data;
  inputAt: Record<string, Site>;
}

export interface TranslatedAction {
  action: string;
  input: Data;
  inputAt: Record<string, Site>;
  /** Inputs approval-runner has no use for; their templates are checked. */
  dropped: Entry[];
  problems: Problem[];
  /** No host could be placed, for want of the operator's localAlias. */
  hostless?: boolean;
}

const commandActions: Record<string, boolean> = {
  "core.local_sudo": true,
  "core.remote_sudo": true,
  "core.local": false,
  "core.remote": false,
};

// The Duo pack's inputs that the operator's config and the form replace.
const duoKept = new Set(["factor", "for"]);

/** Maps StackStorm's actions onto the catalog's. */
export function translateAction(
  raw: RawAction,
  options: LoadOptions,
): TranslatedAction {
  const input = convertDelimiters(raw.input) as Data;
  const { action, inputAt } = raw;
  const same = { action, input, inputAt, dropped: [], problems: [] };
  if (Object.hasOwn(commandActions, raw.action)) {
    return translateCommand({ ...raw, input }, options);
  }
  if (raw.action === "duo.auth_auth" || raw.action === "duo.auth") {
    return keepOnly({ ...raw, input }, duoKept);
  }
  if (raw.action === "core.ask") {
    const kept = keepOnly({ ...raw, input }, askKept);
    if (isPlainObject(kept.input["schema"])) {
      kept.input["schema"] = liftRequired(kept.input["schema"]);
    }
    return kept;
  }
  return same;
}

const askKept = new Set([
  "route",
  "users",
  "teams",
  "roles",
  "allow_requester",
  "approvals",
  "ttl",
  "schema",
]);

function keepOnly(raw: RawAction, kept: Set<string>): TranslatedAction {
  const input: Data = {};
  const inputAt: Record<string, Site> = {};
  const dropped: Entry[] = [];
  for (const [key, value] of Object.entries(raw.input)) {
    const at = raw.inputAt[key] ?? raw.actionAt;
    if (kept.has(key)) {
      input[key] = value;
      inputAt[key] = at;
    } else {
      dropped.push({ name: key, value, at, keyAt: keySiteAt(at, []) });
    }
  }
  const action = raw.action === "duo.auth_auth" ? "duo.auth" : raw.action;
  return { action, input, inputAt, dropped, problems: [] };
}

/** `core.local_sudo` and friends become `ssh.run` on an inventory host. */
function translateCommand(
  raw: RawAction,
  options: LoadOptions,
): TranslatedAction {
  const { cmd, hosts, ...rest } = raw.input;
  const input: Data = { ...rest, command: cmd };
  const inputAt: Record<string, Site> = { ...raw.inputAt };
  delete inputAt["cmd"];
  if (raw.inputAt["cmd"]) inputAt["command"] = raw.inputAt["cmd"];
  if (commandActions[raw.action]) input["sudo"] = true;
  const translated = { action: "ssh.run", input, inputAt, dropped: [] };
  if (typeof hosts === "string" && hosts.trim() !== "") {
    placeHosts(hosts, input, inputAt, raw.inputAt["hosts"]);
    return { ...translated, problems: [] };
  }
  if (options.localAlias) {
    input["host"] = options.localAlias;
    inputAt["host"] = raw.actionAt;
    return { ...translated, problems: [] };
  }
  const message = `${code(raw.action)} in task ${code(raw.task)} runs on the operator's local host alias, and none is configured: set localAlias in the operator config`;
  return {
    ...translated,
    problems: [problemAt(raw.actionAt, "missing-config", message)],
    hostless: true,
  };
}

/** StackStorm writes hosts as one comma-separated string. */
function placeHosts(
  hosts: string,
  input: Data,
  inputAt: Record<string, Site>,
  at: Site | undefined,
): void {
  const list = hosts.includes("{{")
    ? [hosts]
    : hosts.split(",").map((h) => h.trim());
  if (list.length === 1) input["host"] = list[0];
  else input["hosts"] = list;
  if (at) inputAt[list.length === 1 ? "host" : "hosts"] = at;
}

/**
 * StackStorm's inquiry schemas mark a property `required: True` the way
 * draft 3 did; draft 07 lists required names on the object instead.
 */
export function liftRequired(schema: unknown): unknown {
  if (!isPlainObject(schema)) return schema;
  const out: Data = { ...schema };
  if (typeof out["required"] === "boolean") delete out["required"];
  const properties = out["properties"];
  if (isPlainObject(properties)) {
    const required = Array.isArray(out["required"]) ? [...out["required"]] : [];
    const lifted: Data = {};
    for (const [name, property] of Object.entries(properties)) {
      if (isPlainObject(property) && property["required"] === true) {
        if (!required.includes(name)) required.push(name);
      }
      lifted[name] = liftRequired(property);
    }
    out["properties"] = lifted;
    if (required.length > 0) out["required"] = required;
  }
  if (isPlainObject(out["items"])) out["items"] = liftRequired(out["items"]);
  return out;
}

/** `<% … %>` (YAQL delimiters) read as `{{ … }}`; lengths stay the same. */
export function convertDelimiters(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(/<%([\s\S]*?)%>/g, "{{$1}}");
  }
  if (Array.isArray(value)) return value.map(convertDelimiters);
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [
      k,
      convertDelimiters(v),
    ]);
    return Object.fromEntries(entries);
  }
  return value;
}
