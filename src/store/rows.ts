import type Database from "better-sqlite3";

export type Row = Record<string, unknown>;

/** Reads and writes one table's rows as records with camelCase fields. */
export interface Codec<T> {
  read(row: Row): T;
  write(record: Partial<T>): Row;
}

interface CodecShape<T> {
  /** Fields kept as JSON text. */
  json?: (keyof T)[];
  /** Fields kept as 0 or 1. */
  flags?: (keyof T)[];
}

export function codec<T>(shape: CodecShape<T>): Codec<T> {
  const json = new Set<string>(shape.json as string[] | undefined);
  const flags = new Set<string>(shape.flags as string[] | undefined);
  const fields = new Map<string, string>();
  const fieldOf = (column: string) => {
    let field = fields.get(column);
    if (field === undefined) {
      field = camel(column);
      fields.set(column, field);
    }
    return field;
  };
  return {
    read(row) {
      const record: Row = {};
      for (const column in row) {
        const field = fieldOf(column);
        const value = row[column];
        if (json.has(field)) record[field] = parse(value);
        else if (flags.has(field)) record[field] = value === 1;
        else record[field] = value;
      }
      return record as T;
    },
    write(record) {
      const row: Row = {};
      for (const [field, value] of Object.entries(record)) {
        if (value === undefined) continue;
        if (json.has(field)) row[snake(field)] = toJson(value);
        else if (flags.has(field)) row[snake(field)] = value ? 1 : 0;
        else row[snake(field)] = value;
      }
      return row;
    },
  };
}

/** Prepared statements, made once per SQL text. */
export class Statements {
  readonly #cache = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** Inserts a row; the table and columns come from our code only. */
  insert(table: string, row: Row, conflict: "fail" | "ignore" = "fail") {
    const columns = Object.keys(row);
    const verb = conflict === "ignore" ? "insert or ignore" : "insert";
    const sql = `${verb} into ${table} (${columns.join(", ")})
      values (${marks(columns)})`;
    return this.get(sql).run(...Object.values(row));
  }
}

export function marks(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}

function toJson(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parse(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : null;
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
