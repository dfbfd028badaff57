import { code } from "./code-span.js";
import type { Draft, DraftTask } from "./draft.js";
import { parseExpression } from "./expression.js";
import type { LoadOptions } from "./load-options.js";
import { soleExpression } from "./template.js";
import type { Problem } from "./types.js";
import { problemAt, type Site, siteAt } from "./yaml-source.js";

const freeForm = "hosts must come from an enum of inventory aliases";

/**
 * A workflow may only name hosts the operator listed: literally, or through
 * an input whose `enum` holds nothing but inventory aliases. So a pull
 * request cannot point a workflow at a new machine.
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
  if (!property) {
    const defined = draft.tasks.some((t) =>
      t.next.some((n) => n.publish.some((p) => p.name === name)),
    );
    const isVar = draft.vars.some((v) => v.name === name);
    if (!defined && !isVar) return []; // reported as an unknown variable
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
  return values.flatMap((value, i) => {
    if (typeof value === "string" && options.hosts.includes(value)) return [];
    const message = `input ${code(name)} allows host ${code(String(value))}, which is not in the operator's inventory; known aliases: ${known(options)}`;
    return [problemAt(siteAt(base, [i]), "host", message)];
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
