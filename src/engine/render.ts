import { stringify } from "yaml";
import { stateMarker, statusEnd, statusStart } from "../github/markers.js";
import { code, fenced } from "../markdown.js";
import type { RunRecord, StepRecord } from "../store/types.js";

/** The label each run status shows on its issue. */
export const statusLabels = [
  "running",
  "paused",
  "succeeded",
  "failed",
  "denied",
  "expired",
  "cancelled",
  "outcome-unknown",
] as const;

export function labelFor(status: RunRecord["status"]): string {
  return status === "unknown" ? "outcome-unknown" : status;
}

const icons: Record<string, string> = {
  scheduled: "⏳",
  running: "▶️",
  paused: "⏸️",
  succeeded: "✅",
  failed: "❌",
  unknown: "❓",
  abandoned: "🚫",
};

/**
 * The issue body: the request as written, then the run's status table and
 * the hidden state marker (`marker`, or a short unsigned one).
 */
export function renderIssueBody(
  request: string,
  run: RunRecord,
  steps: StepRecord[],
  marker?: string,
): string {
  const rows = steps.map(renderStepRow).join("\n");
  return [
    request.trimEnd(),
    "",
    statusStart,
    "---",
    `### Run ${run.id}: ${code(run.workflow)} — ${run.status}`,
    "",
    `Workflow ${code(run.workflowPath)} at ${code(run.workflowSha.slice(0, 12))}, requested by @${run.requesterLogin}.`,
    "",
    "| task | action | status | who | when (UTC) | duration |",
    "| --- | --- | --- | --- | --- | --- |",
    rows || "| — | — | — | — | — | — |",
    "",
    marker ??
      stateMarker({
        run: run.id,
        workflow: run.workflow,
        sha: run.workflowSha,
        input: run.input,
        requester: run.requesterId,
        status: run.status,
      }),
    statusEnd,
  ].join("\n");
}

function renderStepRow(step: StepRecord): string {
  const icon = icons[step.status] ?? "";
  const when = step.startedAt ? isoMinute(step.startedAt) : "";
  const duration =
    step.startedAt && step.finishedAt
      ? formatDuration(step.finishedAt - step.startedAt)
      : "";
  const who = step.actor ? `@${step.actor}` : "";
  const cell = { inTable: true };
  const task = code(step.task, cell);
  const action = code(step.action, cell);
  return `| ${task} | ${action} | ${icon} ${step.status} | ${who} | ${when} | ${duration} |`;
}

export function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** A value shown as a YAML block, fenced so Markdown leaves it alone. */
export function yamlBlock(value: unknown): string {
  return fenced(yamlText(value), "yaml");
}

/** Levels shown; yaml's writer recurses once per level and can overflow. */
const maxShownDepth = 32;

/** A value as YAML text; never throws, however deep or odd the value. */
export function yamlText(value: unknown): string {
  try {
    return stringify(clip(value, maxShownDepth)).trimEnd();
  } catch {
    return "# (this value cannot be shown as YAML)";
  }
}

/** A copy of `value` with what lies deeper than `room` levels left out. */
function clip(value: unknown, room: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (room === 0) return `… (nested deeper than ${maxShownDepth} levels)`;
  if (Array.isArray(value)) return value.map((v) => clip(v, room - 1));
  // fromEntries defines own keys, so a `__proto__` key stays data.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, clip(v, room - 1)]),
  );
}
