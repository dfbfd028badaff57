/**
 * A value from a workflow file as Markdown inline code: messages reach
 * GitHub comments, so a name must not close the span, break the line, or
 * run on for a page.
 */
export function code(value: unknown): string {
  const text = String(value).replace(/[`\r\n\t]/g, " ");
  const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return `\`${short}\``;
}
