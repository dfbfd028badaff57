/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(text: string, info = "text"): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

/** An inline code span that survives backticks and table pipes. */
export function inlineCode(text: string): string {
  const ticks = "`".repeat(longestRun(text, "`") + 1);
  const padded = /^`|`$/.test(text) ? ` ${text} ` : text;
  return `${ticks}${padded.replaceAll("|", "\\|")}${ticks}`;
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
