import { fail } from "../errors.js";

const unitMs: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Reads `--since`: an ISO date or time (`2026-12-01`,
 * `2026-12-01T09:30:00Z`) or an age (`90m`, `24h`, `7d`, `2w`). Returns
 * the moment as an ISO time.
 */
export function parseSince(text: string, now = Date.now()): string {
  const age = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (age) {
    return new Date(now - Number(age[1]) * unitMs[age[2]!]!).toISOString();
  }
  const iso =
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
  const at = iso.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(at)) {
    throw fail("AR_CLI_OPTION", {
      option: "--since",
      value: `\`${text}\``,
      expected:
        "an ISO date or time (2026-12-01, 2026-12-01T09:30:00Z) or an age (90m, 24h, 7d, 2w)",
    });
  }
  return new Date(at).toISOString();
}
