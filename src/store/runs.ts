import { codec, marks, type Row, type Statements } from "./rows.js";
import type { RunRecord, RunStatus } from "./types.js";

/** What a request gives a new run; the store adds the rest. */
export type NewRun = Omit<
  RunRecord,
  "id" | "ctx" | "outcomes" | "status" | "createdAt" | "finishedAt"
> & {
  /** Workflow variables that ctx() holds besides the input. */
  vars?: Record<string, unknown>;
};

const rows = codec<RunRecord>({ json: ["input", "ctx", "outcomes"] });

/** One row per run; an issue holds at most one. */
export class Runs {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {}

  /** Starts a run; undefined when the issue already has one. */
  create(run: NewRun): RunRecord | undefined {
    const { vars, ...fields } = run;
    const row = rows.write({
      ...fields,
      ctx: { ...vars, ...run.input },
      status: "running",
      createdAt: this.now(),
    });
    const info = this.sql.insert("runs", row, "ignore");
    if (info.changes !== 1) return undefined;
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): RunRecord | undefined {
    return this.one("select * from runs where id = ?", id);
  }

  find(owner: string, repo: string, issue: number): RunRecord | undefined {
    return this.one(
      "select * from runs where owner = ? and repo = ? and issue_number = ?",
      owner,
      repo,
      issue,
    );
  }

  list(statuses?: RunStatus[]): RunRecord[] {
    const where = statuses ? `where status in (${marks(statuses)})` : "";
    const found = this.sql
      .get(`select * from runs ${where} order by id`)
      .all(...(statuses ?? []));
    return (found as Row[]).map(rows.read);
  }

  setStatus(id: number, status: RunStatus, finished = false): void {
    this.sql
      .get("update runs set status = ?, finished_at = ? where id = ?")
      .run(status, finished ? this.now() : null, id);
  }

  saveState(run: Pick<RunRecord, "id" | "ctx" | "outcomes">): void {
    const row = rows.write({ ctx: run.ctx, outcomes: run.outcomes });
    this.sql
      .get("update runs set ctx = ?, outcomes = ? where id = ?")
      .run(row["ctx"], row["outcomes"], run.id);
  }

  /**
   * Stores a run rebuilt from its issue, keeping its id when that is
   * free; returns the id it got.
   */
  restore(run: RunRecord): number {
    const id = this.get(run.id) ? null : run.id;
    const info = this.sql.insert("runs", { ...rows.write(run), id });
    return Number(info.lastInsertRowid);
  }

  private one(sql: string, ...args: unknown[]): RunRecord | undefined {
    const row = this.sql.get(sql).get(...args);
    return row ? rows.read(row as Row) : undefined;
  }
}
