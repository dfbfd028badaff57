import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDuoCommand, looksLikePasscode } from "../../src/duo/leak.js";

describe("a comment that may hold a passcode", () => {
  const cases: Array<[string, string, boolean]> = [
    ["six digits alone", "123456", true],
    ["a leading zero", "012345", true],
    ["eight digits alone", "12345678", true],
    ["digits with spaces around", "   654321  ", true],
    ["Duo Mobile's grouping", "123 456", true],
    ["digits on their own line after text", "here you go\n771199", true],
    ["digits in a fenced block", "```\n304958\n```", true],
    ["digits in a quote", "> 304958", true],
    ["digits in backticks", "`304958`", true],
    [
      "a labelled passcode in a YAML block",
      "```yaml\npasscode: 123456\n```",
      true,
    ],
    [
      "a labelled code in prose",
      "my duo code is 1234567 ok? code: 1234567",
      true,
    ],
    ["passcode= form", "passcode=99887766", true],
    ["a passcode in everyday words", "my passcode is 123456", true],
    ["a passcode after a colon", "here it is: 123456", true],
    ["a passcode in bold", "**123456**", true],
    ["a passcode in underscores", "_123456_", true],
    ["a passcode ending a sentence", "123456.", true],
    ["a passcode before thanks", "123456 thanks", true],
    ["a pin", "pin 123456", true],
    ["a grouped passcode in prose", "it says 123 456 now", true],
    ["a grouped passcode with a no-break space", "123\u00a0456", true],
    ["seven digits in parentheses", "(1234567)", true],
    ["a passcode beside a URL", "https://x.test/a 123456", true],
    ["two passcodes side by side", "123456 234567", true],
    ["a passcode in an HTML tag", "<b>123456</b>", true],
    ["an approval", "/approve", false],
    ["a date", "due 2026-12-04", false],
    ["a time stamp", "at 2026-12-04T10:20:30.123456Z", false],
    ["a decimal", "load was 3.123456", false],
    ["a decimal led by digits", "took 123456.78 ms", false],
    ["a thousands grouping", "1,234,567 rows", false],
    ["an issue reference in another repo", "acme/ops#123456", false],
    ["a prefixed reference", "see GH-123456", false],
    ["a pull request reference", "PR: 1234567", false],
    ["a mention", "@123456", false],
    ["an amount", "$123456", false],
    ["a URL", "https://ci.example.test/jobs/1234567/log", false],
    ["a URL with a query", "see https://x.test/?id=123456", false],
    ["a www address", "www.example.test/123456", false],
    ["a sha", "fixed in 1a2345678b", false],
    ["a version", "v1234567", false],
    ["ten digits", "call 1234567890", false],
    ["a path", "/var/tmp/123456/x", false],
    ["three digit groups", "123 456 789", false],
    ["a year before a grouped number", "2026 123 456", false],
    ["a YAML reply", "```yaml\ndecision: approve\n```", false],
    ["five digits", "12345", false],
    ["nine digits alone", "123456789", false],
    ["a number inside a sentence", "ticket 123456 is related", false],
    ["an issue reference", "see #123456", false],
    ["a time", "12:34:56", false],
  ];
  for (const [name, body, expected] of cases) {
    it(`${expected ? "is" : "is not"} flagged: ${name}`, () => {
      assert.equal(looksLikePasscode(body), expected);
    });
  }
});

describe("the /duo command", () => {
  const cases: Array<[string, boolean]> = [
    ["/duo", true],
    ["  /duo please\nthanks", true],
    ["/DUO", true],
    ["/duos", false],
    ["text /duo", false],
    ["/approve", false],
  ];
  for (const [body, expected] of cases) {
    it(`${expected ? "is" : "is not"} read in ${JSON.stringify(body)}`, () => {
      assert.equal(isDuoCommand(body), expected);
    });
  }
});
