import { codec, marks, type Row, type Statements } from "./rows.js";
import type { StepRecord, StepStatus } from "./types.js";

const rows = codec<StepRecord>({ json: ["input", "result"] });

const unfinished: readonly StepStatus[] = ["scheduled", "running", "paused"];

export interface StepFields {
  input?: unknown;
  result?: unknown;
  note?: string;
  actor?: string;
}

/** The tasks a run has taken, in order. */
export class Steps {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {}

  add(runId: number, task: string, action: string): StepRecord {
    const row = rows.write({ runId, task, action, status: "scheduled" });
    const info = this.sql.insert("steps", row);
    return this.get(Number(info.lastInsertRowid)) as StepRecord;
  }

  get(id: number): StepRecord | undefined {
    const row = this.sql.get("select * from steps where id = ?").get(id);
    return row ? rows.read(row as Row) : undefined;
  }

  ofRun(runId: number): StepRecord[] {
    return this.all("select * from steps where run_id = ? order by id", runId);
  }

  withStatus(status: StepStatus): StepRecord[] {
    return this.all("select * from steps where status = ? order by id", status);
  }

  /** How many steps of a run have started, counting finished ones. */
  countStarted(runId: number): number {
    const row = this.sql
      .get(
        "select count(*) as n from steps where run_id = ? and status != 'scheduled'",
      )
      .get(runId) as Row;
    return Number(row["n"]);
  }

  /** The oldest step of a run still waiting to start. */
  nextScheduled(runId: number): StepRecord | undefined {
    const row = this.sql
      .get(
        `select * from steps where run_id = ? and status = 'scheduled'
         order by id limit 1`,
      )
      .get(runId);
    return row ? rows.read(row as Row) : undefined;
  }

  /** Moves the oldest scheduled step of a run to running; at most once. */
  claimNext(runId: number): StepRecord | undefined {
    const row = this.sql
      .get(
        `update steps set status = 'running', started_at = ?
         where id = (select id from steps where run_id = ? and
                     status = 'scheduled' order by id limit 1)
           and status = 'scheduled'
         returning *`,
      )
      .get(this.now(), runId);
    return row ? rows.read(row as Row) : undefined;
  }

  /** Changes a step's status only if it is still in `from`. */
  move(
    id: number,
    from: StepStatus[],
    to: StepStatus,
    fields: StepFields = {},
  ): boolean {
    const row = rows.write(fields);
    const info = this.sql
      .get(
        `update steps set status = ?,
           input = coalesce(?, input), result = coalesce(?, result),
           note = coalesce(?, note), actor = coalesce(?, actor),
           finished_at = ?
         where id = ? and status in (${marks(from)})`,
      )
      .run(
        to,
        row["input"] ?? null,
        row["result"] ?? null,
        row["note"] ?? null,
        row["actor"] ?? null,
        unfinished.includes(to) ? null : this.now(),
        id,
        ...from,
      );
    return info.changes === 1;
  }

  /** Stores a step rebuilt from an issue; returns the id it got. */
  restore(step: StepRecord): number {
    const id = this.get(step.id) ? null : step.id;
    const info = this.sql.insert("steps", { ...rows.write(step), id });
    return Number(info.lastInsertRowid);
  }

  private all(sql: string, ...args: unknown[]): StepRecord[] {
    return (this.sql.get(sql).all(...args) as Row[]).map(rows.read);
  }
}
