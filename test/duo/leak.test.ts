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
    ["an approval", "/approve", false],
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
