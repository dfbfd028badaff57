import { code } from "../markdown.js";
import type { Draft, DraftTask, Entry } from "./draft.js";
import { parseExpression } from "./expression.js";
import type { LoadOptions } from "./load-options.js";
import { soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import { problemAt, type Site, siteAt } from "./yaml-source.js";

const freeForm = "hosts must come from an enum of inventory aliases";

/**
 * A workflow may only name hosts the operator listed: literally, or through
 * an input whose `enum` holds nothing but inventory aliases, which nothing
 * else (a publish, an Orquesta var) sets except to a literal alias. So a
 * pull request cannot point a workflow at a new machine, and neither can
 * whoever answers an inquiry.
 */
export function checkHosts(
  task: DraftTask,
  draft: Draft,
  options: LoadOptions,
): Problem[] {
  if (task.hostless) return [];
  const { host, hosts } = task.input;
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(host) === has(hosts)) {
    const which = has(host) ? ", not both" : "";
    const message = `task ${code(task.name)} must set \`host\` or \`hosts\`${which}`;
    const at = task.inputAt["hosts"] ?? task.at;
    return [problemAt(at, "action-input", message)];
  }
  const check = { task, draft, options };
  if (has(host)) return checkHost(host, task.inputAt["host"], "host", check);
  if (!Array.isArray(hosts)) {
    return checkHost(hosts, task.inputAt["hosts"], "hosts", check);
  }
  const at = task.inputAt["hosts"] ?? task.at;
  return hosts.flatMap((h, i) => checkHost(h, siteAt(at, [i]), "host", check));
}

interface HostCheck {
  task: DraftTask;
  draft: Draft;
  options: LoadOptions;
}

function checkHost(
  value: unknown,
  at: Site | undefined,
  kind: "host" | "hosts",
  check: HostCheck,
): Problem[] {
  const site = at ?? check.task.actionAt;
  if (typeof value !== "string") return [];
  if (!value.includes("{{")) {
    if (check.options.hosts.includes(value)) return [];
    const message = `host ${code(value)} is not in the operator's inventory; known aliases: ${known(check.options)}`;
    return [problemAt(site, "host", message)];
  }
  const name = inputVariable(value);
  if (!name) {
    const message = `${freeForm}: write a literal alias or \`{{ ctx().<input> }}\``;
    return [problemAt(site, "host", message)];
  }
  return checkEnum(name, site, kind, check);
}

/** The variable a template is made of (`{{ ctx().x }}`), if nothing more. */
function inputVariable(text: string): string | undefined {
  try {
    const sole = soleExpression(text);
    const expr = sole && parseExpression(sole.source);
    return expr && expr.kind === "ctx" ? expr.name : undefined;
  } catch {
    return undefined; // the template check reports the syntax
  }
}

function checkEnum(
  name: string,
  at: Site,
  kind: "host" | "hosts",
  check: HostCheck,
): Problem[] {
  const { draft, options } = check;
  const property = propertyOf(draft, name);
  const writes = writesOf(draft, name);
  if (!property) {
    if (writes.length === 0) return []; // reported as an unknown variable
    const message = `${freeForm}: ${code(name)} is set by the workflow, not an input with an enum`;
    return [problemAt(at, "host", message)];
  }
  const path = kind === "hosts" ? ["items", "enum"] : ["enum"];
  const values =
    kind === "hosts" ? itemsOf(property)?.["enum"] : property["enum"];
  if (!Array.isArray(values)) {
    const message = `${freeForm}: input ${code(name)} has no ${code(path.join("."))}`;
    return [problemAt(at, "host", message)];
  }
  const base = siteAt(draft.propertiesAt, [name, ...path]);
  const listed = values.flatMap((value, i) => {
    if (typeof value === "string" && options.hosts.includes(value)) return [];
    const message = `input ${code(name)} allows host ${code(String(value))}, which is not in the operator's inventory; known aliases: ${known(options)}`;
    return [problemAt(siteAt(base, [i]), "host", message)];
  });
  return [...listed, ...checkWrites(writes, name, check)];
}

/** Every publish and Orquesta var that sets `name` in ctx(). */
function writesOf(draft: Draft, name: string): Entry[] {
  const published = draft.tasks.flatMap((t) =>
    t.next.flatMap((n) => n.publish.filter((p) => p.name === name)),
  );
  return [...published, ...draft.vars.filter((v) => v.name === name)];
}

/**
 * A publish or var that overwrites a host input bypasses its enum, so it
 * may only set literal inventory aliases: never a reply or other value.
 */
function checkWrites(
  writes: Entry[],
  name: string,
  check: HostCheck,
): Problem[] {
  const { options, task } = check;
  return writes.flatMap((entry) => {
    const aliases = [entry.value].flat();
    const literal = aliases.every(
      (a) => typeof a === "string" && options.hosts.includes(a),
    );
    if (literal && aliases.length > 0) return [];
    const shown = code(JSON.stringify(entry.value));
    const message = `${code(name)} chooses the host of task ${code(task.name)}, so it may be set here only to a literal alias of the operator's inventory (known aliases: ${known(options)}); ${shown} is not one, and a template here would let a reply bypass the input's enum`;
    return [problemAt(entry.at, "host", message)];
  });
}

function propertyOf(
  draft: Draft,
  name: string,
): Record<string, unknown> | undefined {
  const properties = draft.input["properties"] as
    | Record<string, Record<string, unknown>>
    | undefined;
  if (!properties || !Object.hasOwn(properties, name)) return undefined;
  return properties[name];
}

function itemsOf(property: Record<string, unknown>) {
  const items = property["items"];
  return typeof items === "object" && items !== null
    ? (items as Record<string, unknown>)
    : undefined;
}

function known(options: LoadOptions): string {
  if (options.hosts.length === 0) return "none";
  return options.hosts.map((h) => `${code(h)}`).join(", ");
}
