/*
 * The passcode heuristic. While a Duo step is open, any 6–8 digit number
 * standing alone in a comment counts as a typed passcode, in whatever
 * words surround it ("my code is 123456", "**123456**", "123456 thanks");
 * Duo Mobile's grouping "123 456" counts too. Numbers that plainly are
 * something else are left alone where telling them apart is cheap: part of
 * a longer number, a decimal, a date or a time (2026-12-04, 3.123456),
 * glued to letters (a sha, v1234567), a reference (#123456, GH-123456,
 * "ticket 123456"), a mention or an amount, or inside a URL. It errs
 * towards yes: a deleted comment costs a retype, a leaked passcode costs a
 * factor.
 */

/** URLs and www. addresses, whose numbers are ids, ports and paths. */
const address = /\b(?:[a-z][a-z\d+.-]*:\/\/|www\.)\S+/giu;

/** "passcode: 123456", "code = 1234567", "OTP 12345678" and the like. */
const labelledCode =
  /\b(?:pass ?code|duo(?: code)?|otp|token|code)\b\s*[:=]?\s*\d{6,10}\b/i;

/** Not a letter or digit, nor `#`, `@` or a currency sign, just before. */
const standsAfter = String.raw`(?<![\p{L}\p{N}#@$€£]|\p{N}[.,:]|[\p{L}\p{N}][\/\\-])`;
/** Not a letter or digit, nor a separator leading on to one, just after. */
const standsBefore = String.raw`(?![\p{L}\p{N}%]|[.,:]\p{N}|[\/\\-][\p{L}\p{N}])`;
/** 6–8 digits, or "123 456" that is not part of a longer digit group. */
const digits = String.raw`(?:\d{6,8}|(?<!\d[ \u00a0])\d{3}[ \u00a0]\d{3,4}(?![ \u00a0]\d))`;

const standalone = new RegExp(standsAfter + digits + standsBefore, "gu");

/** Words that name what the number after them is: "ticket 123456". */
const reference =
  /\b(?:bug|build|case|change|incident|invoice|issue|job|order|pr|pull request|ticket)\s*(?:no\.?|number)?\s*[:#]?\s*$/i;

/**
 * Whether a comment looks like someone typed a Duo passcode into it: a
 * labelled code, or any 6–8 digit number standing alone (see above).
 */
export function looksLikePasscode(body: string): boolean {
  const prose = body.replace(address, " ");
  if (labelledCode.test(prose)) return true;
  for (const found of prose.matchAll(standalone)) {
    const before = prose.slice(Math.max(0, found.index - 40), found.index);
    if (!reference.test(before)) return true;
  }
  return false;
}

/** Whether a comment asks for a new Duo link: `/duo` on its first line. */
export function isDuoCommand(body: string): boolean {
  const first = body.trim().split(/\r?\n/)[0] ?? "";
  return /^\/duo(?:\s|$)/i.test(first.trim());
}
