import { fail } from "../errors.js";

const unitMs: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The oldest age `--since` takes: runs older than a century are none. */
const maxAgeMs = 36_525 * unitMs["d"]!;

const iso =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

const expected =
  "an ISO date or time (2026-12-01, 2026-12-01T09:30:00Z) or an age of at most 100 years (90m, 24h, 7d, 2w)";

/**
 * Reads `--since`: an ISO date or time (`2026-12-01`,
 * `2026-12-01T09:30:00Z`) or an age (`90m`, `24h`, `7d`, `2w`) of at most
 * 100 years. Returns the moment as an ISO time.
 */
export function parseSince(text: string, now = Date.now()): string {
  const trimmed = text.trim();
  const at = iso.test(trimmed) ? Date.parse(trimmed) : ageToTime(trimmed, now);
  // Past ±8.64e15 ms a Date is invalid, and toISOString would throw.
  if (!Number.isFinite(at) || Number.isNaN(new Date(at).getTime())) {
    throw fail("AR_CLI_OPTION", {
      option: "--since",
      value: `\`${text}\``,
      expected,
    });
  }
  return new Date(at).toISOString();
}

/** The moment an age like `7d` points to; NaN when it is none or too old. */
function ageToTime(text: string, now: number): number {
  const age = /^(\d+)\s*([mhdw])$/.exec(text);
  if (!age) return Number.NaN;
  const ms = Number(age[1]) * unitMs[age[2]!]!;
  return ms <= maxAgeMs ? now - ms : Number.NaN;
}
