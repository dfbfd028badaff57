/**
 * The known name closest to `name` (ignoring case), when it is close
 * enough to be a likely typo: at most a third of its letters differ.
 */
export function nearestName(
  name: string,
  known: readonly string[],
): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && (!best || d < best.distance)) {
      best = { name: candidate, distance: d };
    }
  }
  return best?.name;
}

/** Edits (insert, delete, change, swap two neighbours) from `a` to `b`. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(Array.from({ length: b.length + 1 }, (_, j) => i || j));
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      rows[i]![j] = step(rows, a, b, i, j);
    }
  }
  return rows[a.length]![b.length]!;
}

function step(
  rows: number[][],
  a: string,
  b: string,
  i: number,
  j: number,
): number {
  const cost = a[i - 1] === b[j - 1] ? 0 : 1;
  let best = Math.min(
    rows[i - 1]![j]! + 1,
    rows[i]![j - 1]! + 1,
    rows[i - 1]![j - 1]! + cost,
  );
  const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2];
  if (swapped && a[i - 2] === b[j - 1]) {
    best = Math.min(best, rows[i - 2]![j - 2]! + 1);
  }
  return best;
}
