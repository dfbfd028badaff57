import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { schemaSql } from "./schema.js";
import type {
  EffectRecord,
  EventRecord,
  InboxRecord,
  InquiryRecord,
  InquirySpec,
  InquiryStatus,
  ResponseRecord,
  RunRecord,
  RunStatus,
  StepRecord,
  StepStatus,
} from "./types.js";

type Row = Record<string, unknown>;

export interface NewRun {
  owner: string;
  repo: string;
  installationId: number;
  issueNumber: number;
  workflow: string;
  workflowPath: string;
  workflowSha: string;
  workflowSource: string;
  input: Record<string, unknown>;
  /** Workflow variables that ctx() holds besides the input. */
  vars?: Record<string, unknown>;
  requesterId: number;
  requesterLogin: string;
  requestBody: string;
}

/**
 * Everything the app must not forget, in one SQLite file. Calls are
 * synchronous, so a `transaction` cannot interleave with another handler.
 */
export class Store {
  readonly db: Database.Database;

  constructor(
    file: string,
    readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(schemaSql);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Records a webhook delivery; false when it was seen before. */
  recordDelivery(id: string, event: string): boolean {
    const info = this.db
      .prepare("insert or ignore into deliveries values (?, ?, ?)")
      .run(id, event, this.now());
    return info.changes === 1;
  }

  createRun(run: NewRun): RunRecord | undefined {
    const info = this.db
      .prepare(
        `insert or ignore into runs (owner, repo, installation_id,
          issue_number, workflow, workflow_path, workflow_sha,
          workflow_source, input, ctx, status, requester_id,
          requester_login, request_body, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(
        run.owner,
        run.repo,
        run.installationId,
        run.issueNumber,
        run.workflow,
        run.workflowPath,
        run.workflowSha,
        run.workflowSource,
        JSON.stringify(run.input),
        JSON.stringify({ ...run.vars, ...run.input }),
        run.requesterId,
        run.requesterLogin,
        run.requestBody,
        this.now(),
      );
    if (info.changes !== 1) return undefined;
    return this.getRun(Number(info.lastInsertRowid));
  }

  getRun(id: number): RunRecord | undefined {
    const row = this.db.prepare("select * from runs where id = ?").get(id);
    return row ? toRun(row as Row) : undefined;
  }

  findRun(owner: string, repo: string, issue: number): RunRecord | undefined {
    const row = this.db
      .prepare(
        "select * from runs where owner = ? and repo = ? and issue_number = ?",
      )
      .get(owner, repo, issue);
    return row ? toRun(row as Row) : undefined;
  }

  listRuns(statuses?: RunStatus[]): RunRecord[] {
    const rows = statuses
      ? this.db
          .prepare(
            `select * from runs where status in (${marks(statuses)}) order by id`,
          )
          .all(...statuses)
      : this.db.prepare("select * from runs order by id").all();
    return (rows as Row[]).map(toRun);
  }

  setRunStatus(id: number, status: RunStatus, finished = false): void {
    this.db
      .prepare("update runs set status = ?, finished_at = ? where id = ?")
      .run(status, finished ? this.now() : null, id);
  }

  saveRunState(run: Pick<RunRecord, "id" | "ctx" | "outcomes">): void {
    this.db
      .prepare("update runs set ctx = ?, outcomes = ? where id = ?")
      .run(JSON.stringify(run.ctx), JSON.stringify(run.outcomes), run.id);
  }

  addStep(runId: number, task: string, action: string): StepRecord {
    const info = this.db
      .prepare(
        "insert into steps (run_id, task, action, status) values (?, ?, ?, 'scheduled')",
      )
      .run(runId, task, action);
    return this.getStep(Number(info.lastInsertRowid))!;
  }

  getStep(id: number): StepRecord | undefined {
    const row = this.db.prepare("select * from steps where id = ?").get(id);
    return row ? toStep(row as Row) : undefined;
  }

  steps(runId: number): StepRecord[] {
    const rows = this.db
      .prepare("select * from steps where run_id = ? order by id")
      .all(runId);
    return (rows as Row[]).map(toStep);
  }

  stepsWithStatus(status: StepStatus): StepRecord[] {
    const rows = this.db
      .prepare("select * from steps where status = ? order by id")
      .all(status);
    return (rows as Row[]).map(toStep);
  }

  /** Moves the oldest scheduled step of a run to running; at most once. */
  claimNextStep(runId: number): StepRecord | undefined {
    const row = this.db
      .prepare(
        `update steps set status = 'running', started_at = ?
         where id = (select id from steps where run_id = ? and
                     status = 'scheduled' order by id limit 1)
           and status = 'scheduled'
         returning *`,
      )
      .get(this.now(), runId);
    return row ? toStep(row as Row) : undefined;
  }

  /** Changes a step's status only if it is still in `from`. */
  moveStep(
    id: number,
    from: StepStatus[],
    to: StepStatus,
    fields: {
      input?: unknown;
      result?: unknown;
      note?: string;
      actor?: string;
    } = {},
  ): boolean {
    const finished = !["scheduled", "running", "paused"].includes(to);
    const info = this.db
      .prepare(
        `update steps set status = ?,
           input = coalesce(?, input), result = coalesce(?, result),
           note = coalesce(?, note), actor = coalesce(?, actor),
           finished_at = ?
         where id = ? and status in (${marks(from)})`,
      )
      .run(
        to,
        json(fields.input),
        json(fields.result),
        fields.note ?? null,
        fields.actor ?? null,
        finished ? this.now() : null,
        id,
        ...from,
      );
    return info.changes === 1;
  }

  createInquiry(inquiry: Omit<InquiryRecord, "id">): InquiryRecord {
    this.db
      .prepare(
        `insert or ignore into inquiries (run_id, step_id, task, kind, spec,
           approvals, deadline, reminded, comment_id, status)
         values (?, ?, ?, ?, ?, ?, ?, 0, null, ?)`,
      )
      .run(
        inquiry.runId,
        inquiry.stepId,
        inquiry.task,
        inquiry.kind,
        JSON.stringify(inquiry.spec),
        inquiry.approvals,
        inquiry.deadline,
        inquiry.status,
      );
    return this.inquiryForStep(inquiry.stepId)!;
  }

  inquiryForStep(stepId: number): InquiryRecord | undefined {
    const row = this.db
      .prepare("select * from inquiries where step_id = ?")
      .get(stepId);
    return row ? toInquiry(row as Row) : undefined;
  }

  getInquiry(id: number): InquiryRecord | undefined {
    const row = this.db.prepare("select * from inquiries where id = ?").get(id);
    return row ? toInquiry(row as Row) : undefined;
  }

  inquiries(filter: { runId?: number; status?: InquiryStatus } = {}) {
    const rows = this.db
      .prepare(
        `select * from inquiries where (? is null or run_id = ?)
           and (? is null or status = ?) order by id`,
      )
      .all(
        filter.runId ?? null,
        filter.runId ?? null,
        filter.status ?? null,
        filter.status ?? null,
      );
    return (rows as Row[]).map(toInquiry);
  }

  moveInquiry(id: number, from: InquiryStatus, to: InquiryStatus): boolean {
    const info = this.db
      .prepare("update inquiries set status = ? where id = ? and status = ?")
      .run(to, id, from);
    return info.changes === 1;
  }

  setInquiryComment(id: number, commentId: number): void {
    this.db
      .prepare("update inquiries set comment_id = ? where id = ?")
      .run(commentId, id);
  }

  markReminded(id: number): boolean {
    const info = this.db
      .prepare(
        "update inquiries set reminded = 1 where id = ? and reminded = 0",
      )
      .run(id);
    return info.changes === 1;
  }

  /** Records an answer; false when this person already answered. */
  addResponse(response: Omit<ResponseRecord, "id" | "at">): boolean {
    return this.insertResponse({ ...response, at: this.now() });
  }

  responses(inquiryId: number): ResponseRecord[] {
    const rows = this.db
      .prepare("select * from responses where inquiry_id = ? order by id")
      .all(inquiryId);
    return (rows as Row[]).map(toResponse);
  }

  responseByComment(commentId: number): ResponseRecord | undefined {
    const row = this.db
      .prepare("select * from responses where comment_id = ?")
      .get(commentId);
    return row ? toResponse(row as Row) : undefined;
  }

  getEffect(key: string): { state: string; result: unknown } | undefined {
    const row = this.db
      .prepare("select state, result from effects where key = ?")
      .get(key) as Row | undefined;
    if (!row) return undefined;
    return { state: String(row["state"]), result: parse(row["result"]) };
  }

  setEffect(key: string, runId: number, state: string, result?: unknown) {
    this.db
      .prepare(
        `insert into effects values (?, ?, ?, ?)
         on conflict (key) do update set state = excluded.state,
           result = excluded.result`,
      )
      .run(key, runId, state, json(result));
  }

  /** Effects of a run in one of `states`, in the order they were made. */
  effectsOf(runId: number, states: string[]): EffectRecord[] {
    const rows = this.db
      .prepare(
        `select key, run_id, state, result from effects
         where run_id = ? and state in (${marks(states)}) order by rowid`,
      )
      .all(runId, ...states) as Row[];
    return rows.map((row) => ({
      key: String(row["key"]),
      runId: Number(row["run_id"]),
      state: String(row["state"]),
      result: parse(row["result"]),
    }));
  }

  /**
   * Runs with GitHub work left: a stored comment not known to be posted,
   * or an issue sync due.
   */
  runsWithWork(): number[] {
    const rows = this.db
      .prepare(
        `select distinct run_id from effects where run_id > 0 and
           (state = 'dirty' or
            (state in ('pending', 'intent') and result is not null))
         order by run_id`,
      )
      .all() as Row[];
    return rows.map((row) => Number(row["run_id"]));
  }

  /** Runs with an effect in one of `states`. */
  runsWithEffects(states: string[]): number[] {
    const rows = this.db
      .prepare(
        `select distinct run_id from effects
         where state in (${marks(states)}) and run_id > 0 order by run_id`,
      )
      .all(...states) as Row[];
    return rows.map((row) => Number(row["run_id"]));
  }

  deleteEffect(key: string): void {
    this.db.prepare("delete from effects where key = ?").run(key);
  }

  /** Queues a reply for its run; false when the delivery was seen. */
  addInbox(entry: {
    deliveryId: string;
    runId: number;
    data: Record<string, unknown>;
  }): boolean {
    const info = this.db
      .prepare(
        `insert or ignore into inbox (delivery_id, run_id, data, at)
         values (?, ?, ?, ?)`,
      )
      .run(
        entry.deliveryId,
        entry.runId,
        JSON.stringify(entry.data),
        this.now(),
      );
    return info.changes === 1;
  }

  inbox(runId: number): InboxRecord[] {
    const rows = this.db
      .prepare("select * from inbox where run_id = ? order by id")
      .all(runId) as Row[];
    return rows.map((row) => ({
      id: Number(row["id"]),
      deliveryId: String(row["delivery_id"]),
      runId: Number(row["run_id"]),
      data: parse(row["data"]) as Record<string, unknown>,
      attempts: Number(row["attempts"]),
      at: Number(row["at"]),
    }));
  }

  /** Runs with replies waiting. */
  inboxRuns(): number[] {
    const rows = this.db
      .prepare("select distinct run_id from inbox order by run_id")
      .all() as Row[];
    return rows.map((row) => Number(row["run_id"]));
  }

  removeInbox(id: number): void {
    this.db.prepare("delete from inbox where id = ?").run(id);
  }

  /** Counts a failed attempt at an inbox entry; returns the new count. */
  strikeInbox(id: number): number {
    const row = this.db
      .prepare(
        "update inbox set attempts = attempts + 1 where id = ? returning attempts",
      )
      .get(id) as Row | undefined;
    return row ? Number(row["attempts"]) : 0;
  }

  /**
   * Stores a run rebuilt from its issue, keeping its id when that is
   * free; returns the id it got.
   */
  restoreRun(run: Omit<RunRecord, "id"> & { id: number }): number {
    const taken = this.getRun(run.id) !== undefined;
    const info = this.db
      .prepare(
        `insert into runs (id, owner, repo, installation_id, issue_number,
          workflow, workflow_path, workflow_sha, workflow_source, input, ctx,
          outcomes, status, requester_id, requester_login, request_body,
          created_at, finished_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        taken ? null : run.id,
        run.owner,
        run.repo,
        run.installationId,
        run.issueNumber,
        run.workflow,
        run.workflowPath,
        run.workflowSha,
        run.workflowSource,
        JSON.stringify(run.input),
        JSON.stringify(run.ctx),
        JSON.stringify(run.outcomes),
        run.status,
        run.requesterId,
        run.requesterLogin,
        run.requestBody,
        run.createdAt,
        run.finishedAt,
      );
    return Number(info.lastInsertRowid);
  }

  /** Stores a step rebuilt from an issue; returns the id it got. */
  restoreStep(step: StepRecord): number {
    const taken = this.getStep(step.id) !== undefined;
    const info = this.db
      .prepare(
        `insert into steps (id, run_id, task, action, status, input, result,
           note, actor, started_at, finished_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        taken ? null : step.id,
        step.runId,
        step.task,
        step.action,
        step.status,
        json(step.input ?? undefined),
        json(step.result ?? undefined),
        step.note,
        step.actor,
        step.startedAt,
        step.finishedAt,
      );
    return Number(info.lastInsertRowid);
  }

  /** Stores an inquiry rebuilt from an issue; returns the id it got. */
  restoreInquiry(inquiry: InquiryRecord): number {
    const taken = this.getInquiry(inquiry.id) !== undefined;
    const info = this.db
      .prepare(
        `insert into inquiries (id, run_id, step_id, task, kind, spec,
           approvals, deadline, reminded, comment_id, status)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        taken ? null : inquiry.id,
        inquiry.runId,
        inquiry.stepId,
        inquiry.task,
        inquiry.kind,
        JSON.stringify(inquiry.spec),
        inquiry.approvals,
        inquiry.deadline,
        inquiry.reminded ? 1 : 0,
        inquiry.commentId,
        inquiry.status,
      );
    return Number(info.lastInsertRowid);
  }

  /** Stores a recorded answer rebuilt from an issue, keeping its time. */
  restoreResponse(response: Omit<ResponseRecord, "id">): void {
    this.insertResponse(response);
  }

  private insertResponse(response: Omit<ResponseRecord, "id">): boolean {
    const info = this.db
      .prepare(
        `insert or ignore into responses (inquiry_id, user_id, login,
           comment_id, body_hash, response, receipt, at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        response.inquiryId,
        response.userId,
        response.login,
        response.commentId,
        response.bodyHash,
        JSON.stringify(response.response),
        response.receipt,
        response.at,
      );
    return info.changes === 1;
  }

  addEvent(runId: number, kind: string, data: Record<string, unknown>) {
    this.db
      .prepare(
        "insert into events (run_id, at, kind, data) values (?, ?, ?, ?)",
      )
      .run(runId, this.now(), kind, JSON.stringify(data));
  }

  events(filter: { runId?: number; since?: number } = {}): EventRecord[] {
    const rows = this.db
      .prepare(
        `select * from events where (? is null or run_id = ?)
           and at >= ? order by id`,
      )
      .all(filter.runId ?? null, filter.runId ?? null, filter.since ?? 0);
    return (rows as Row[]).map((row) => ({
      id: Number(row["id"]),
      runId: Number(row["run_id"]),
      at: Number(row["at"]),
      kind: String(row["kind"]),
      data: parse(row["data"]) as Record<string, unknown>,
    }));
  }

  /** A fingerprint of everything stored, to prove bad input changed nothing. */
  snapshot(): string {
    const tables = ["runs", "steps", "inquiries", "responses", "events"];
    const rows = tables.map((t) =>
      this.db.prepare(`select * from ${t} order by 1`).all(),
    );
    return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
  }
}

function marks(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function parse(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : null;
}

function toRun(row: Row): RunRecord {
  return {
    id: Number(row["id"]),
    owner: String(row["owner"]),
    repo: String(row["repo"]),
    installationId: Number(row["installation_id"]),
    issueNumber: Number(row["issue_number"]),
    workflow: String(row["workflow"]),
    workflowPath: String(row["workflow_path"]),
    workflowSha: String(row["workflow_sha"]),
    workflowSource: String(row["workflow_source"]),
    input: parse(row["input"]) as Record<string, unknown>,
    ctx: parse(row["ctx"]) as Record<string, unknown>,
    outcomes: parse(row["outcomes"]) as RunRecord["outcomes"],
    status: row["status"] as RunStatus,
    requesterId: Number(row["requester_id"]),
    requesterLogin: String(row["requester_login"]),
    requestBody: String(row["request_body"]),
    createdAt: Number(row["created_at"]),
    finishedAt: row["finished_at"] === null ? null : Number(row["finished_at"]),
  };
}

function toStep(row: Row): StepRecord {
  const time = (v: unknown) => (v === null ? null : Number(v));
  return {
    id: Number(row["id"]),
    runId: Number(row["run_id"]),
    task: String(row["task"]),
    action: String(row["action"]),
    status: row["status"] as StepStatus,
    input: parse(row["input"]),
    result: parse(row["result"]),
    note: row["note"] === null ? null : String(row["note"]),
    actor: row["actor"] === null ? null : String(row["actor"]),
    startedAt: time(row["started_at"]),
    finishedAt: time(row["finished_at"]),
  };
}

function toInquiry(row: Row): InquiryRecord {
  return {
    id: Number(row["id"]),
    runId: Number(row["run_id"]),
    stepId: Number(row["step_id"]),
    task: String(row["task"]),
    kind: row["kind"] as InquiryRecord["kind"],
    spec: parse(row["spec"]) as InquirySpec,
    approvals: Number(row["approvals"]),
    deadline: Number(row["deadline"]),
    reminded: row["reminded"] === 1,
    commentId: row["comment_id"] === null ? null : Number(row["comment_id"]),
    status: row["status"] as InquiryStatus,
  };
}

function toResponse(row: Row): ResponseRecord {
  return {
    id: Number(row["id"]),
    inquiryId: Number(row["inquiry_id"]),
    userId: Number(row["user_id"]),
    login: String(row["login"]),
    commentId: Number(row["comment_id"]),
    bodyHash: String(row["body_hash"]),
    response: parse(row["response"]) as Record<string, unknown>,
    receipt: String(row["receipt"]),
    at: Number(row["at"]),
  };
}
