import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { duoRedactPaths } from "../../src/duo/redact.js";

function logged(fields: Record<string, unknown>): string {
  const lines: string[] = [];
  const log = pino(
    { redact: { paths: duoRedactPaths, censor: "[redacted]" } },
    { write: (line: string) => lines.push(line) },
  );
  log.info(fields, "duo test");
  return lines.join("");
}

describe("Duo redact paths", () => {
  const secret = "SECRET-4a7f";
  const cases: Array<[string, Record<string, unknown>]> = [
    ["a passcode", { passcode: secret }],
    ["a nested passcode", { form: { passcode: secret } }],
    ["a passcode two levels down", { req: { body: { passcode: secret } } }],
    ["the skey", { skey: secret }],
    ["the skey in a config", { duo: { skey: secret } }],
    [
      "an Authorization header",
      { req: { headers: { authorization: secret } } },
    ],
    [
      "an Authorization header as the SDK spells it",
      { options: { Authorization: secret } },
    ],
    ["a token", { token: secret }],
    ["a form token", { form: { formToken: secret } }],
    [
      "Duo's trusted device token",
      { response: { trusted_device_token: secret } },
    ],
  ];
  for (const [name, fields] of cases) {
    it(`hides ${name}`, () => {
      const line = logged(fields);
      assert.ok(line.includes("[redacted]"), line);
      assert.ok(!line.includes(secret), line);
    });
  }

  it("leaves the username and result visible", () => {
    const line = logged({ username: "bob", result: "allow" });
    assert.ok(line.includes('"username":"bob"') && line.includes('"allow"'));
  });
});
