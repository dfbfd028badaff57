/** A line that is nothing but a passcode: 6–8 digits, maybe "123 456". */
const bareCode = /^(?:\d{6,8}|\d{3} \d{3,4})$/;

/** "passcode: 123456", "code = 1234567", "OTP 12345678" and the like. */
const labelledCode =
  /\b(?:pass ?code|duo(?: code)?|otp|token|code)\b\s*[:=]?\s*\d{6,10}\b/i;

/**
 * Whether a comment looks like someone typed a Duo passcode into it: a
 * line of 6–8 digits alone (also inside a fenced block or a quote), or a
 * labelled code anywhere. Errs towards yes: a deleted comment costs a
 * retype, a leaked passcode costs a factor.
 */
export function looksLikePasscode(body: string): boolean {
  if (labelledCode.test(body)) return true;
  return body.split(/\r?\n/).some((line) => bareCode.test(plainLine(line)));
}

/** A line without quote marks, list bullets, backticks or fences. */
function plainLine(line: string): string {
  return line
    .trim()
    .replace(/^(?:>\s*)+/, "")
    .replace(/^(?:[-*+]|\d+\.)\s+/, "")
    .replace(/^`+|`+$/g, "")
    .trim();
}

/** Whether a comment asks for a new Duo link: `/duo` on its first line. */
export function isDuoCommand(body: string): boolean {
  const first = body.trim().split(/\r?\n/)[0] ?? "";
  return /^\/duo(?:\s|$)/i.test(first.trim());
}
