import { codec, marks, type Row, type Statements } from "./rows.js";
import type { EffectRecord } from "./types.js";

const rows = codec<EffectRecord>({ json: ["result"] });

/** Outside effects (GitHub writes) the app meant to make, by key. */
export class Effects {
  constructor(private readonly sql: Statements) {}

  get(key: string): EffectRecord | undefined {
    const row = this.sql.get("select * from effects where key = ?").get(key);
    return row ? rows.read(row as Row) : undefined;
  }

  set(key: string, runId: number, state: string, result?: unknown): void {
    const row = rows.write({ key, runId, state, result: result ?? null });
    this.sql
      .get(
        `insert into effects (key, run_id, state, result) values (?, ?, ?, ?)
         on conflict (key) do update set state = excluded.state,
           result = excluded.result`,
      )
      .run(row["key"], row["run_id"], row["state"], row["result"]);
  }

  /** Effects of a run in one of `states`, in the order they were made. */
  ofRun(runId: number, states: string[]): EffectRecord[] {
    const found = this.sql
      .get(
        `select * from effects
         where run_id = ? and state in (${marks(states)}) order by rowid`,
      )
      .all(runId, ...states);
    return (found as Row[]).map(rows.read);
  }

  /**
   * Runs with GitHub work left: a stored comment not known to be posted,
   * or an issue sync due.
   */
  runsWithWork(): number[] {
    const found = this.sql
      .get(
        `select distinct run_id from effects where run_id > 0 and
           (state = 'dirty' or
            (state in ('pending', 'intent') and result is not null))
         order by run_id`,
      )
      .all();
    return (found as Row[]).map((row) => Number(row["run_id"]));
  }

  delete(key: string): void {
    this.sql.get("delete from effects where key = ?").run(key);
  }
}
