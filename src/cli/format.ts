/** Rows as left-aligned columns, two spaces apart; the first is a header. */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(i === row.length - 1 ? 0 : widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A value as one JSON line, for scripts. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value);
}

/** An ISO time as `YYYY-MM-DD HH:MM` UTC. */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}
