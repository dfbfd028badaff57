import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { isAppError } from "../../src/errors.js";
import {
  checkValuePlaces,
  misplacedValues,
  quoteShell,
  withSudo,
} from "../../src/ssh/quote.js";

/** What sh makes of `printf '%s\0' <words>`: the argv it built. */
function argvFromShell(words: string): string[] {
  const out = execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${words}`]);
  return out.toString("utf8").split("\0").slice(0, -1);
}

describe("quoteShell", () => {
  const cases: Array<[string, string, string]> = [
    ["an empty string", "", "''"],
    ["a plain word", "crond", "'crond'"],
    ["a single quote", "it's", "'it'\\''s'"],
    ["only quotes", "''", "''\\'''\\'''"],
    ["a command substitution", "$(id)", "'$(id)'"],
    ["a newline", "a\nb", "'a\nb'"],
    ["a backslash", "a\\b", "'a\\b'"],
  ];
  for (const [name, value, quoted] of cases) {
    it(`quotes ${name} as one literal word`, () => {
      assert.equal(quoteShell(value), quoted);
      assert.deepEqual(argvFromShell(quoteShell(value)), [value]);
    });
  }

  it("refuses a NUL character, which no argv can carry", () => {
    assert.throws(
      () => quoteShell("crond\0rm"),
      (err) => isAppError(err, "AR_SSH_VALUE_NUL"),
    );
  });
});

describe("withSudo", () => {
  it("hands the whole command to sh -c under sudo -n", () => {
    const command = `systemctl restart ${quoteShell("a'b")}`;
    assert.deepEqual(argvFromShell(withSudo(command)), [
      "sudo",
      "-n",
      "--",
      "sh",
      "-c",
      command,
    ]);
  });

  it("keeps a quoted value literal through both shells", () => {
    const value = "x; echo injected '$(id)'";
    const inner = `printf '%s\\0' ${quoteShell(value)}`;
    const sudoArgs = argvFromShell(withSudo(inner));
    const out = execFileSync("/bin/sh", ["-c", sudoArgs[5]!]);
    assert.deepEqual(out.toString("utf8").split("\0").slice(0, -1), [value]);
  });
});

describe("misplacedValues", () => {
  it("names each expression that does not stand bare, by index", () => {
    const template =
      "echo {{ ctx().a }} \"{{ ctx().b }}\" '{{ ctx().c }}' # {{ ctx().d }}";
    assert.deepEqual(misplacedValues(template), [
      { index: 1, expression: "ctx().b", place: "double-quotes" },
      { index: 2, expression: "ctx().c", place: "single-quotes" },
      { index: 3, expression: "ctx().d", place: "comment" },
    ]);
  });

  it("finds nothing in a command of bare values", () => {
    assert.deepEqual(misplacedValues("app --name={{ x }} {{ y }}.d"), []);
  });
});

describe("checkValuePlaces", () => {
  it("refuses a template with a quoted value, naming task and expression", () => {
    assert.throws(
      () => checkValuePlaces("restart", 'echo "{{ ctx().service }}"'),
      (err) =>
        isAppError(err, "AR_SSH_VALUE_QUOTED") &&
        err.message.includes("`restart`") &&
        err.message.includes("`{{ ctx().service }}`"),
    );
  });

  it("refuses a template whose value would name the program", () => {
    assert.throws(
      () => checkValuePlaces("restart", "sudo {{ ctx().service }}"),
      (err) =>
        isAppError(err, "AR_SSH_VALUE_PROGRAM") &&
        err.message.includes("`{{ ctx().service }}`"),
    );
  });

  it("passes a template whose values stand bare", () => {
    checkValuePlaces("restart", "systemctl restart {{ ctx().service }}");
  });
});
