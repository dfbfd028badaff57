import { codec, type Row, type Statements } from "./rows.js";
import type { ResponseRecord } from "./types.js";

const rows = codec<ResponseRecord>({ json: ["response"] });

/** Answers to inquiries: one per person and inquiry. */
export class Responses {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => number,
  ) {}

  /** Records an answer; false when this person already answered. */
  add(response: Omit<ResponseRecord, "id" | "at">): boolean {
    return this.restore({ ...response, at: this.now() });
  }

  ofInquiry(inquiryId: number): ResponseRecord[] {
    const found = this.sql
      .get("select * from responses where inquiry_id = ? order by id")
      .all(inquiryId);
    return (found as Row[]).map(rows.read);
  }

  byComment(commentId: number): ResponseRecord | undefined {
    const row = this.sql
      .get("select * from responses where comment_id = ?")
      .get(commentId);
    return row ? rows.read(row as Row) : undefined;
  }

  /** Stores an answer rebuilt from an issue, keeping its time. */
  restore(response: Omit<ResponseRecord, "id">): boolean {
    const row = rows.write(response);
    return this.sql.insert("responses", row, "ignore").changes === 1;
  }
}
