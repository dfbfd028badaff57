import { codec, type Row, type Statements } from "./rows.js";
import type { InboxRecord } from "./types.js";

const rows = codec<InboxRecord>({ json: ["data"] });

/** Replies and commands received for runs, waiting for their turn. */
export class Inbox {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {}

  /** Queues a reply for its run; false when the delivery was seen. */
  add(entry: Pick<InboxRecord, "deliveryId" | "runId" | "data">): boolean {
    const row = rows.write({ ...entry, at: this.now() });
    return this.sql.insert("inbox", row, "ignore").changes === 1;
  }

  ofRun(runId: number): InboxRecord[] {
    const found = this.sql
      .get("select * from inbox where run_id = ? order by id")
      .all(runId);
    return (found as Row[]).map(rows.read);
  }

  /** Runs with replies waiting. */
  runs(): number[] {
    const found = this.sql
      .get("select distinct run_id from inbox order by run_id")
      .all();
    return (found as Row[]).map((row) => Number(row["run_id"]));
  }

  remove(id: number): void {
    this.sql.get("delete from inbox where id = ?").run(id);
  }

  /** Counts a failed attempt at an entry; returns the new count. */
  strike(id: number): number {
    const row = this.sql
      .get(
        "update inbox set attempts = attempts + 1 where id = ? returning attempts",
      )
      .get(id) as Row | undefined;
    return row ? Number(row["attempts"]) : 0;
  }
}
