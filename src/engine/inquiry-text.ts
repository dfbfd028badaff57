import { code, fenced } from "../markdown.js";
import { quoteShell, withSudo } from "../ssh/quote.js";
import type { InquiryRecord, RunRecord } from "../store/types.js";
import { renderTemplate, templateReferences } from "../workflow/template.js";
import type { Scope, TaskSpec, Workflow } from "../workflow/types.js";
import { describeApprovers } from "./approvers.js";
import { yamlBlock } from "./render.js";

interface InquiryText {
  run: RunRecord;
  workflow: Workflow;
  inquiry: InquiryRecord;
  scope: Scope;
}

/** The comment that asks an inquiry: who, how many, until when, what, how. */
export function renderInquiry(text: InquiryText): string {
  const { run, inquiry } = text;
  const { spec } = inquiry;
  const route = spec.route ? `@${run.owner}/${spec.route} ` : "";
  const shorthands = shorthandsOf(spec.schema);
  return [
    `${route}**Approval needed** for run ${run.id} of ${code(run.workflow)} (task ${code(inquiry.task)}).`,
    "",
    `- Who may answer: ${describeApprovers(spec.approvers, run.owner)}`,
    `- Approvals needed: ${inquiry.approvals} from different people`,
    `- Expires: ${new Date(inquiry.deadline).toISOString()}`,
    "",
    "What is being approved:",
    "",
    yamlBlock(run.input),
    ...guardedActions(text),
    "Reply with a comment holding a fenced YAML (or JSON) block like this:",
    "",
    fenced(exampleReply(spec.schema), "yaml"),
    ...(shorthands.length > 0
      ? [
          "",
          `Or use a shorthand: ${shorthands.map((s) => code(s)).join(", ")}.`,
        ]
      : []),
    "",
    "`/cancel` (requester or an approver) ends the run.",
  ].join("\n");
}

/** The guarded actions this inquiry leads to, exactly as they will run. */
function guardedActions({ workflow, inquiry, scope }: InquiryText): string[] {
  return guardedCommands(workflow, inquiry.task, scope).flatMap((g) =>
    g.command === undefined
      ? [
          `Then task ${code(g.task)} runs \`ssh.run\` (its hosts or command depend on later answers).`,
          "",
        ]
      : [
          `Then task ${code(g.task)} runs on ${g.hosts.map((h) => code(h)).join(", ")}:`,
          "",
          fenced(g.command, "sh"),
          "",
        ],
  );
}

/** A guarded task that follows another; no command while it is unknown. */
export type GuardedCommand =
  | { task: string; hosts: string[]; command: string }
  | { task: string; hosts?: undefined; command?: undefined };

/**
 * The ssh.run tasks reachable from task `from`, with host aliases and the
 * command exactly as they would run now (values shell-quoted, sudo shown).
 */
export function guardedCommands(
  workflow: Workflow,
  from: string,
  scope: Scope,
): GuardedCommand[] {
  const found: GuardedCommand[] = [];
  for (const name of reachableFrom(workflow, from)) {
    const task = workflow.tasks[name]!;
    if (task.action !== "ssh.run") continue;
    if (hostsMayChange(workflow, task, from, scope)) {
      found.push({ task: name });
      continue;
    }
    try {
      const hosts = renderTemplate(
        task.input["hosts"] ?? [task.input["host"]],
        scope,
      );
      const command = String(
        renderTemplate(task.input["command"], scope, { escape: quoteShell }),
      );
      const shown = task.input["sudo"] === true ? withSudo(command) : command;
      found.push({
        task: name,
        hosts: [hosts].flat().map(String),
        command: shown,
      });
    } catch {
      found.push({ task: name });
    }
  }
  return found;
}

/**
 * Whether a step still to come may publish a variable `task`'s hosts read,
 * so the hosts shown now could differ from the ones it runs on.
 */
function hostsMayChange(
  workflow: Workflow,
  task: TaskSpec,
  from: string,
  scope: Scope,
): boolean {
  const { host, hosts } = task.input;
  const { vars } = templateReferences([host, hosts]);
  if (vars.length === 0) return false;
  const later = new Set([from, ...reachableFrom(workflow, from)]);
  return Object.values(workflow.tasks).some(
    (t) =>
      (later.has(t.name) || !Object.hasOwn(scope.tasks, t.name)) &&
      t.next.some((n) => vars.some((v) => Object.hasOwn(n.publish, v))),
  );
}

function reachableFrom(workflow: Workflow, start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const task = workflow.tasks[queue.shift()!];
    for (const next of task?.next.flatMap((t) => t.do) ?? []) {
      if (!seen.has(next)) queue.push(next);
      seen.add(next);
    }
  }
  return [...seen];
}

/** An example reply built from the schema: enums show their first value. */
export function exampleReply(schema: Record<string, unknown>): string {
  const properties = (schema["properties"] ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const lines = Object.entries(properties).map(([name, prop]) => {
    const choices = Array.isArray(prop["enum"]) ? prop["enum"] : undefined;
    const value = choices ? choices[0] : exampleValue(prop["type"]);
    const hint = choices
      ? `  # one of: ${choices.join(", ")}`
      : prop["description"]
        ? `  # ${String(prop["description"])}`
        : "";
    return `${name}: ${JSON.stringify(value)}${hint}`;
  });
  return lines.join("\n") || "{}";
}

function exampleValue(type: unknown): unknown {
  if (type === "boolean") return true;
  if (type === "integer" || type === "number") return 1;
  return "";
}

/**
 * Slash shorthands: with exactly one enum field, `/<value> [reason]` sets it
 * (and a `reason` string field, when the schema has one).
 */
export function shorthandsOf(schema: Record<string, unknown>): string[] {
  const field = enumField(schema);
  if (!field) return [];
  const reason = hasReason(schema) ? " [reason]" : "";
  return field.values.map((v) => `/${v}${reason}`);
}

export function enumField(
  schema: Record<string, unknown>,
): { name: string; values: string[] } | undefined {
  const properties = (schema["properties"] ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const enums = Object.entries(properties).filter(([, p]) =>
    Array.isArray(p["enum"]),
  );
  if (enums.length !== 1) return undefined;
  const [name, prop] = enums[0]!;
  const values = (prop["enum"] as unknown[]).filter(
    (v): v is string => typeof v === "string" && /^[a-z][a-z0-9_-]*$/i.test(v),
  );
  return values.length > 0 ? { name, values } : undefined;
}

export function hasReason(schema: Record<string, unknown>): boolean {
  const properties = (schema["properties"] ?? {}) as Record<
    string,
    { type?: unknown }
  >;
  return properties["reason"]?.type === "string";
}
