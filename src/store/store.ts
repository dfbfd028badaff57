import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { Effects } from "./effects.js";
import { Events } from "./events.js";
import { Inbox } from "./inbox.js";
import { Inquiries } from "./inquiries.js";
import { Responses } from "./responses.js";
import { Statements } from "./rows.js";
import { Runs } from "./runs.js";
import { schemaSql } from "./schema.js";
import { Steps } from "./steps.js";

export type { NewRun } from "./runs.js";

/**
 * Everything the app must not forget, in one SQLite file. Calls are
 * synchronous, so a `transaction` cannot interleave with another handler.
 */
export class Store {
  readonly db: Database.Database;
  readonly sql: Statements;
  readonly runs: Runs;
  readonly steps: Steps;
  readonly inquiries: Inquiries;
  readonly responses: Responses;
  readonly effects: Effects;
  readonly inbox: Inbox;
  readonly events: Events;

  constructor(
    file: string,
    readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(schemaSql);
    this.sql = new Statements(this.db);
    this.runs = new Runs(this.sql, now);
    this.steps = new Steps(this.sql, now);
    this.inquiries = new Inquiries(this.sql);
    this.responses = new Responses(this.sql, now);
    this.effects = new Effects(this.sql);
    this.inbox = new Inbox(this.sql, now);
    this.events = new Events(this.sql, now);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Records a webhook delivery; false when it was seen before. */
  recordDelivery(id: string, event: string): boolean {
    const row = { id, event, at: this.now() };
    return this.sql.insert("deliveries", row, "ignore").changes === 1;
  }

  /** A fingerprint of everything stored, to prove bad input changed nothing. */
  snapshot(): string {
    const tables = ["runs", "steps", "inquiries", "responses", "events"];
    const rows = tables.map((t) =>
      this.sql.get(`select * from ${t} order by 1`).all(),
    );
    return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
  }
}
