import { code, fenced } from "../markdown.js";
import type { BoundedText } from "./bounded.js";
import type { HostResult } from "./run.js";
import { shrinkText } from "./shrink.js";

/** Below GitHub's 65,536-character comment limit, leaving room around. */
export const DEFAULT_REPORT_CHARS = 60_000;
const COMMAND_CHARS = 2_000;
const FIT_ATTEMPTS = 6;

export interface ReportOptions {
  command: string;
  maxChars: number;
}

/**
 * Markdown for the issue comment: a table of hosts, then each host's
 * bounded stdout and stderr. Never longer than `maxChars`; outputs are
 * shrunk evenly across hosts to fit.
 */
export function renderSshReport(
  results: readonly HostResult[],
  options: ReportOptions,
): string {
  const outputs = results.flatMap((r) => [r.stdout, r.stderr]);
  const render = (budgets: number[]) =>
    renderWith(results, options.command, budgets);
  let available = options.maxChars - render(outputs.map(() => 0)).length;
  for (let attempt = 0; attempt < FIT_ATTEMPTS && available >= 0; attempt++) {
    const text = render(shareEvenly(outputs, available));
    if (text.length <= options.maxChars) return text;
    available -= text.length - options.maxChars;
  }
  return fitSummaryOnly(results, options);
}

/** Gives each output what it needs, splitting the rest evenly. */
export function shareEvenly(
  outputs: readonly BoundedText[],
  available: number,
): number[] {
  const order = outputs
    .map((o, index) => ({ index, need: o.text.length }))
    .sort((a, b) => a.need - b.need);
  const budgets = new Array<number>(outputs.length).fill(0);
  let left = Math.max(0, available);
  order.forEach(({ index, need }, rank) => {
    const share = Math.floor(left / (order.length - rank));
    budgets[index] = Math.min(need, share);
    left -= budgets[index]!;
  });
  return budgets;
}

function renderWith(
  results: readonly HostResult[],
  command: string,
  budgets: number[],
): string {
  const sections = results.map((r, i) =>
    renderHost(r, budgets[2 * i]!, budgets[2 * i + 1]!),
  );
  return [renderHeader(results, command), ...sections].join("\n\n");
}

function renderHeader(results: readonly HostResult[], command: string) {
  const failed = results.filter(isFailedHost).length;
  const shown = shrinkText({ text: command, droppedBytes: 0 }, COMMAND_CHARS);
  return [
    `### SSH: ${countOf(results.length, "host")}, ${failed} failed`,
    fenced(shown.text, "sh"),
    renderTable(results),
  ].join("\n\n");
}

function renderTable(results: readonly HostResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${code(r.alias, { inTable: true })} | ${outcomeOf(r)} | ` +
      `${r.timedOut ? "yes" : "no"} | ${secondsOf(r.durationMs)} |`,
  );
  const head =
    "| host | result | timed out | duration |\n| --- | --- | --- | --- |";
  return [head, ...rows].join("\n");
}

function renderHost(r: HostResult, outChars: number, errChars: number) {
  const parts = [`#### ${code(r.alias)}: ${outcomeOf(r)}`];
  if (r.error) parts.push(`> **${r.error.code}** ${oneLine(r.error.message)}`);
  parts.push(renderStream("stdout", r.stdout, outChars));
  parts.push(renderStream("stderr", r.stderr, errChars));
  return parts.join("\n\n");
}

function renderStream(name: string, output: BoundedText, chars: number) {
  if (output.text.length === 0) return `${name}: (empty)`;
  return `${name}:\n${fenced(shrinkText(output, chars).text, "text")}`;
}

/** The table alone, for results too many to show with any output. */
function fitSummaryOnly(
  results: readonly HostResult[],
  options: ReportOptions,
): string {
  const note = "\n\n… outputs left out to fit the comment size limit …";
  const text = renderHeader(results, options.command) + note;
  if (text.length <= options.maxChars) return text;
  // Too many hosts even for the table: cut it, which may cut a row.
  const room = Math.max(0, options.maxChars - note.length);
  return `${text.slice(0, room)}${note}`.slice(0, options.maxChars);
}

/** Whether the host did anything but exit 0 in time. */
export function isFailedHost(r: HostResult): boolean {
  return (
    r.error !== undefined || r.timedOut || r.signal !== null || r.exitCode !== 0
  );
}

function outcomeOf(r: HostResult): string {
  if (r.error) return r.error.code;
  if (r.signal !== null) return `signal ${r.signal}`;
  if (r.exitCode !== null) return `exit ${r.exitCode}`;
  return "no exit status";
}

function secondsOf(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
