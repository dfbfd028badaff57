import type { Store } from "../store/store.js";
import type {
  InquiryRecord,
  ResponseRecord,
  RunRecord,
  StepRecord,
} from "../store/types.js";

/** Version of the state written into issue bodies. */
export const stateVersion = 2;

/** Past this many characters of JSON, the marker drops task results. */
const roomyChars = 24_000;
/** Past this, it keeps only what the CLI reads and cannot rebuild. */
const maxChars = 40_000;

type StepRow = [
  id: number,
  task: string,
  action: string,
  status: StepRecord["status"],
  note: string | null,
  actor: string | null,
  startedAt: number | null,
  finishedAt: number | null,
];

/** An inquiry as the marker keeps it, with its recorded answers. */
export interface InquiryState extends InquiryRecord {
  responses: Omit<ResponseRecord, "id" | "inquiryId">[];
}

/** Everything needed to rebuild a run from its issue. */
export interface RunState {
  /** The first five are what tools outside the app read. */
  run: number;
  workflow: string;
  sha: string;
  input: Record<string, unknown>;
  status: RunRecord["status"];
  v: number;
  repo: string;
  issue: number;
  path: string;
  requester: number;
  requesterLogin: string;
  created: number;
  finished: number | null;
  ctx: Record<string, unknown>;
  outcomes: RunRecord["outcomes"];
  steps: StepRow[];
  inquiries: InquiryState[];
  /** Set when the state was too large to keep whole: no rebuild. */
  partial?: true;
}

/** The run's state for the issue body's marker, bounded in size. */
export function runStateOf(store: Store, run: RunRecord): RunState {
  const full = fullState(store, run);
  if (JSON.stringify(full).length <= roomyChars) return full;
  const lean = { ...full, outcomes: statusesOnly(run.outcomes) };
  if (JSON.stringify(lean).length <= maxChars) return lean;
  return { ...lean, ctx: {}, steps: [], inquiries: [], partial: true };
}

function fullState(store: Store, run: RunRecord): RunState {
  return {
    run: run.id,
    workflow: run.workflow,
    sha: run.workflowSha,
    input: run.input,
    status: run.status,
    v: stateVersion,
    repo: `${run.owner}/${run.repo}`,
    issue: run.issueNumber,
    path: run.workflowPath,
    requester: run.requesterId,
    requesterLogin: run.requesterLogin,
    created: run.createdAt,
    finished: run.finishedAt,
    ctx: run.ctx,
    outcomes: run.outcomes,
    steps: store.steps.ofRun(run.id).map(stepRow),
    inquiries: store.inquiries.list({ runId: run.id }).map((i) => ({
      ...i,
      responses: store.responses
        .ofInquiry(i.id)
        .map(({ id, inquiryId, ...r }) => r),
    })),
  };
}

function stepRow(s: StepRecord): StepRow {
  return [
    s.id,
    s.task,
    s.action,
    s.status,
    s.note,
    s.actor,
    s.startedAt,
    s.finishedAt,
  ];
}

/** A step of the marker as a record of the store. */
export function stepOf(row: StepRow, runId: number): StepRecord {
  const [id, task, action, status, note, actor, startedAt, finishedAt] = row;
  return {
    id,
    runId,
    task,
    action,
    status,
    input: null,
    result: null,
    note,
    actor,
    startedAt,
    finishedAt,
  };
}

function statusesOnly(outcomes: RunRecord["outcomes"]): RunRecord["outcomes"] {
  return Object.fromEntries(
    Object.entries(outcomes).map(([k, v]) => [
      k,
      { status: v.status, result: null },
    ]),
  );
}

/** Reads a marker's content as run state; undefined when it is not one. */
export function asRunState(
  value: Record<string, unknown> | undefined,
): RunState | undefined {
  if (!value || value["v"] !== stateVersion || value["partial"]) {
    return undefined;
  }
  const ok =
    typeof value["run"] === "number" &&
    typeof value["sha"] === "string" &&
    typeof value["path"] === "string" &&
    Array.isArray(value["steps"]) &&
    Array.isArray(value["inquiries"]);
  return ok ? (value as unknown as RunState) : undefined;
}
