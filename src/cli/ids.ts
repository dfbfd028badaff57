import { fail } from "../errors.js";

/** An inquiry named by its run's issue and task, or by its comment. */
export type InquiryRef =
  | { kind: "task"; repo?: string; issue: number; task: string }
  | { kind: "comment"; commentId: number };

/** A run named by its issue, maybe in another repository. */
export interface ExecutionRef {
  repo?: string;
  issue: number;
}

const repoPart = "(?:([\\w.-]+/[\\w.-]+))?";

const numbers = `issue numbers and comment ids run from 1 to ${Number.MAX_SAFE_INTEGER}`;

/**
 * Reads an inquiry id: `owner/name#12/approval`, `#12/approval` or
 * `12/approval` (task `approval` of the run on issue 12), or the numeric
 * id of the comment that asked it.
 */
export function parseInquiryId(text: string): InquiryRef {
  const trimmed = text.trim();
  const bad = () =>
    fail("AR_CLI_OPTION", {
      option: "<inquiry-id>",
      value: `\`${text}\``,
      expected: `owner/name#<issue>/<task> (e.g. acme/ops#12/approval), #<issue>/<task>, or the inquiry comment's numeric id; ${numbers}`,
    });
  if (/^\d+$/.test(trimmed)) {
    return { kind: "comment", commentId: toId(trimmed, bad) };
  }
  const found = new RegExp(`^${repoPart}#?(\\d+)/([\\w.-]+)$`).exec(trimmed);
  if (!found) throw bad();
  const [, repo, issue, task] = found;
  return {
    kind: "task",
    ...(repo ? { repo } : {}),
    issue: toId(issue!, bad),
    task: task!,
  };
}

/**
 * Reads an execution id: the run's issue as `12`, `#12`, `owner/name#12`
 * or its web address `https://github.com/owner/name/issues/12`.
 */
export function parseExecutionId(text: string): ExecutionRef {
  const trimmed = text.trim();
  const url = /^https?:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/issues\/(\d+)\/?$/.exec(
    trimmed,
  );
  const short = new RegExp(`^${repoPart}#?(\\d+)$`).exec(trimmed);
  const found = url ?? short;
  const bad = () =>
    fail("AR_CLI_OPTION", {
      option: "<execution-id>",
      value: `\`${text}\``,
      expected: `the run's issue: 12, #12, owner/name#12, or its web address; ${numbers}`,
    });
  if (!found) throw bad();
  const [, repo, issue] = found;
  return { ...(repo ? { repo } : {}), issue: toId(issue!, bad) };
}

/**
 * A run of digits as an issue number or comment id. Past 2^53 a number
 * rounds (99999999999999999999 becomes 1e+20), so it could name another
 * issue than the one typed; such ids, and 0, are refused.
 */
function toId(digits: string, bad: () => Error): number {
  const id = Number(digits);
  if (!Number.isSafeInteger(id) || id < 1) throw bad();
  return id;
}

/** The id the CLI shows for an inquiry. */
export function formatInquiryId(slug: string, issue: number, task: string) {
  return `${slug}#${issue}/${task}`;
}
