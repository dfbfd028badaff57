import type { HostConfig } from "../config/types.js";
import { checkAgainst } from "../engine/json-schema.js";
import { fail } from "../errors.js";
import { checkValuePlaces, quoteShell, withSudo } from "../ssh/quote.js";
import { renderSshReport } from "../ssh/report.js";
import { runOnHosts } from "../ssh/run.js";
import { summarizeSshResults } from "../ssh/summary.js";
import { renderTemplate } from "../workflow/template.js";
import { findAction } from "./catalog.js";
import type { ActionContext, ActionImpl } from "./types.js";

const spec = findAction("ssh.run")!;

/** Bytes of stdout, and of stderr, kept per host. */
const maxOutputBytes = 64 * 1024;

/**
 * Runs the task's command over SSH on inventory hosts. Every value
 * interpolated into the command stands as a bare word and is shell-quoted;
 * hosts are aliases only.
 */
export const sshRunAction: ActionImpl = {
  name: "ssh.run",
  async execute(context) {
    const { task, step, thread, log } = context;
    const { hosts, command, timeoutSeconds, concurrency } = resolve(context);
    const results = await runOnHosts(hosts, command, {
      timeoutMs: timeoutSeconds * 1000,
      maxOutputBytes,
      concurrency,
      log,
    });
    const summary = summarizeSshResults(results);
    const report = renderSshReport(results, { command, maxChars: 60_000 });
    await thread.comment(
      `step-${step.id}/ssh`,
      `Task \`${task.name}\` **${summary.status}**.\n\n${report}`,
    );
    const input = { hosts: hosts.map((h) => h.alias), command };
    return { ...summary, input };
  },
};

function resolve({ task, scope, services }: ActionContext) {
  const { command: template, ...settings } = task.input;
  // The loader refuses these too; a run stored before that check existed
  // must still never paste a value where the shell would parse it.
  if (typeof template === "string") checkValuePlaces(task.name, template);
  const rendered = renderTemplate(settings, scope) as Record<string, unknown>;
  const body = String(renderTemplate(template, scope, { escape: quoteShell }));
  checkRendered({ ...rendered, command: body });
  const aliases = [rendered["hosts"] ?? rendered["host"]].flat().map(String);
  const hosts = aliases.map((alias) => hostFor(alias, services.config.hosts));
  return {
    hosts,
    command: rendered["sudo"] === true ? withSudo(body) : body,
    timeoutSeconds: Number(
      rendered["timeout"] ?? services.config.commandTimeoutSeconds,
    ),
    concurrency: Number(rendered["concurrency"] ?? 5),
  };
}

/**
 * The loader judges no `{{ … }}` value's type, and a run may carry a
 * workflow stored before a check existed: what renders is checked again.
 */
function checkRendered(input: Record<string, unknown>): void {
  const problems = checkAgainst(spec.input, input);
  if (problems.length === 0) return;
  throw fail("AR_ACTION_INPUT_INVALID", {
    action: spec.name,
    problems: problems.join("; "),
  });
}

function hostFor(alias: string, hosts: Record<string, HostConfig>) {
  const host = Object.hasOwn(hosts, alias) ? hosts[alias] : undefined;
  if (!host) {
    throw fail("AR_HOST_UNKNOWN", {
      alias,
      known: Object.keys(hosts).join(", ") || "none",
    });
  }
  return host;
}
