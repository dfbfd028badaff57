import type { Draft, DraftTask, DraftTransition, Entry } from "./draft.js";
import type { PeopleSpec } from "./types.js";
import { keySiteAt, type Site, siteAt, type YamlFile } from "./yaml-source.js";

type Data = Record<string, unknown>;

const emptyInput = { type: "object", properties: {} };

/** Reads a native workflow that already matches workflow.schema.json. */
export function readNative(file: YamlFile, path: string): Draft {
  const data = file.data as Data;
  const root: Site = {
    source: file.source,
    node: file.doc.contents ?? undefined,
  };
  const tasksAt = siteAt(root, ["tasks"]);
  const inputAt = data["input"] ? siteAt(root, ["input"]) : root;
  const draft: Draft = {
    name: data["name"] as string,
    description: (data["description"] as string | undefined) ?? "",
    path,
    format: "native",
    input: (data["input"] as Data | undefined) ?? emptyInput,
    inputAt,
    propertiesAt: siteAt(inputAt, ["properties"]),
    vars: [],
    output: entriesOf((data["output"] as Data) ?? {}, siteAt(root, ["output"])),
    tasks: Object.entries(data["tasks"] as Data).map(([name, task]) =>
      readTask(name, task as Data, tasksAt),
    ),
    tasksAt,
    imported: false,
  };
  if (data["requesters"]) draft.requesters = peopleOf(data["requesters"]);
  return draft;
}

function readTask(name: string, task: Data, tasksAt: Site): DraftTask {
  const at = siteAt(tasksAt, [name]);
  const input = (task["input"] as Data | undefined) ?? {};
  const inputAt = Object.fromEntries(
    Object.keys(input).map((k) => [k, siteAt(at, ["input", k])]),
  );
  const next = (task["next"] as Data[] | undefined) ?? [];
  return {
    name,
    at: keySiteAt(tasksAt, [name]),
    action: task["action"] as string,
    actionAt: siteAt(at, ["action"]),
    input,
    inputAt,
    next: next.map((t, i) => readTransition(t, siteAt(at, ["next", i]))),
    dropped: [],
  };
}

function readTransition(transition: Data, at: Site): DraftTransition {
  const when = transition["when"] as string | undefined;
  const read: DraftTransition = {
    conditions: when === undefined ? [] : [entryAt("when", when, at)],
    do: targetsOf(transition["do"], siteAt(at, ["do"])),
    publish: publishOf(transition["publish"], siteAt(at, ["publish"])),
    at,
  };
  if (when !== undefined) read.when = when;
  return read;
}

/** `do: a`, `do: "a, b"` (as Orquesta allows) or `do: [a, b]`. */
export function targetsOf(value: unknown, at: Site): DraftTransition["do"] {
  if (typeof value === "string") {
    const names = value.split(",").map((n) => n.trim());
    return names.filter((n) => n !== "").map((name) => ({ name, at }));
  }
  if (!Array.isArray(value)) return [];
  return value.map((name, i) => ({ name: String(name), at: siteAt(at, [i]) }));
}

/** A map, or a list of one-key maps as Orquesta writes `publish`. */
export function publishOf(value: unknown, at: Site): Entry[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => entriesOf(item as Data, siteAt(at, [i])));
  }
  if (typeof value === "object" && value !== null) {
    return entriesOf(value as Data, at);
  }
  return [];
}

export function entriesOf(map: Data, at: Site): Entry[] {
  return Object.entries(map).map(([name, value]) => ({
    name,
    value,
    at: siteAt(at, [name]),
    keyAt: keySiteAt(at, [name]),
  }));
}

export function entryAt(name: string, value: unknown, parent: Site): Entry {
  return {
    name,
    value,
    at: siteAt(parent, [name]),
    keyAt: keySiteAt(parent, [name]),
  };
}

export function peopleOf(value: unknown): PeopleSpec {
  const people = value as Partial<PeopleSpec>;
  return {
    users: people.users ?? [],
    teams: people.teams ?? [],
    roles: people.roles ?? [],
  };
}
