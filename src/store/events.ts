import { codec, type Row, type Statements } from "./rows.js";
import type { EventRecord } from "./types.js";

const rows = codec<EventRecord>({ json: ["data"] });

export interface EventFilter {
  runId?: number;
  /** Only events at or after this time. */
  since?: number;
}

/** The audit trail: what happened to each run, in order. */
export class Events {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {}

  add(runId: number, kind: string, data: Record<string, unknown>): void {
    const row = rows.write({ runId, at: this.now(), kind, data });
    this.sql.insert("events", row);
  }

  list(filter: EventFilter = {}): EventRecord[] {
    const runId = filter.runId ?? null;
    const found = this.sql
      .get(
        `select * from events where (? is null or run_id = ?)
           and at >= ? order by id`,
      )
      .all(runId, runId, filter.since ?? 0);
    return (found as Row[]).map(rows.read);
  }
}
