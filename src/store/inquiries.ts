import { codec, type Row, type Statements } from "./rows.js";
import type { InquiryRecord, InquiryStatus } from "./types.js";

const rows = codec<InquiryRecord>({ json: ["spec"], flags: ["reminded"] });

export interface InquiryFilter {
  runId?: number;
  status?: InquiryStatus;
}

/** Questions a run put to people, one per paused step. */
export class Inquiries {
  constructor(private readonly sql: Statements) {}

  /** Opens the inquiry of a step, or returns the one it already has. */
  create(inquiry: Omit<InquiryRecord, "id">): InquiryRecord {
    const row = rows.write({ ...inquiry, reminded: false, commentId: null });
    this.sql.insert("inquiries", row, "ignore");
    return this.forStep(inquiry.stepId) as InquiryRecord;
  }

  forStep(stepId: number): InquiryRecord | undefined {
    return this.one("select * from inquiries where step_id = ?", stepId);
  }

  get(id: number): InquiryRecord | undefined {
    return this.one("select * from inquiries where id = ?", id);
  }

  list(filter: InquiryFilter = {}): InquiryRecord[] {
    const runId = filter.runId ?? null;
    const status = filter.status ?? null;
    const found = this.sql
      .get(
        `select * from inquiries where (? is null or run_id = ?)
           and (? is null or status = ?) order by id`,
      )
      .all(runId, runId, status, status);
    return (found as Row[]).map(rows.read);
  }

  move(id: number, from: InquiryStatus, to: InquiryStatus): boolean {
    const info = this.sql
      .get("update inquiries set status = ? where id = ? and status = ?")
      .run(to, id, from);
    return info.changes === 1;
  }

  setComment(id: number, commentId: number): void {
    this.sql
      .get("update inquiries set comment_id = ? where id = ?")
      .run(commentId, id);
  }

  /** Marks the reminder as sent; false when it was sent before. */
  markReminded(id: number): boolean {
    const info = this.sql
      .get("update inquiries set reminded = 1 where id = ? and reminded = 0")
      .run(id);
    return info.changes === 1;
  }

  /** Stores an inquiry rebuilt from an issue; returns the id it got. */
  restore(inquiry: InquiryRecord): number {
    const id = this.get(inquiry.id) ? null : inquiry.id;
    const info = this.sql.insert("inquiries", { ...rows.write(inquiry), id });
    return Number(info.lastInsertRowid);
  }

  private one(sql: string, ...args: unknown[]): InquiryRecord | undefined {
    const row = this.sql.get(sql).get(...args);
    return row ? rows.read(row as Row) : undefined;
  }
}
