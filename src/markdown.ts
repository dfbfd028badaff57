/*
 * Markdown for text that came from elsewhere (people, workflow files,
 * remote hosts) and is shown in the app's comments, issue bodies and
 * check runs. GitHub renders those under the app's name, so such text
 * must stay inert: no line of its own, no live @mention or link, no
 * table cell of its own, and no hidden `<!--` marker the app reads back.
 */

/** Characters inline code shows at most; longer text is cut with `…`. */
export const maxInlineChars = 80;

export interface InlineCodeOptions {
  /** Characters shown at most (default `maxInlineChars`). */
  max?: number;
  /** The span stands in a table cell, where a bare `|` ends the cell. */
  inTable?: boolean;
}

/**
 * Text as one inline code span: backticks, line breaks and control
 * characters become spaces, so nothing ends the span early and the span
 * is always one backtick each side (tools read it with simple patterns);
 * it is cut to `max` characters and cannot open an HTML comment.
 */
export function code(value: unknown, options: InlineCodeOptions = {}): string {
  const text = oneLine(cut(String(value), options.max ?? maxInlineChars));
  // Markdown takes one space off each end of " text ": pad to keep them.
  const padded = /^ .*\S.* $/.test(text) ? ` ${text} ` : text || " ";
  const inert = unmark(padded);
  const body = options.inTable ? inert.replaceAll("|", "\\|") : inert;
  return `\`${body}\``;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside,
 * so no line of `text` can close it; `text` cannot open an HTML comment.
 */
export function fenced(text: string, info = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${fence}${info}\n${unmark(body)}${fence}`;
}

/**
 * Backticks, line breaks, control characters and bidirectional overrides:
 * the first two would end a span (or start a block), the others could
 * hide or reorder what the app's own words around the span say.
 */
const unsafe =
  /[`\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function oneLine(text: string): string {
  return text.replace(unsafe, " ");
}

/** At most `max` characters (code points), the last one `…` if cut. */
function cut(text: string, max: number): string {
  // Two units per code point at most: enough to see whether it is longer.
  const chars = [...text.slice(0, 2 * max + 2)];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * The app finds its hidden markers (`<!-- approval-runner:… -->`) in raw
 * comment text; a zero-width space after `<` keeps quoted text from
 * carrying one, and shows the same.
 */
function unmark(text: string): string {
  return text.replaceAll("<!", "<\u200b!");
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
