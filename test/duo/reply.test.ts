import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readAuth, readPreauth } from "../../src/duo/answers.js";
import { readCode, readResponse, scrubber } from "../../src/duo/reply.js";
import type { RawReply } from "../../src/duo/transport.js";
import { type ErrorCode, isAppError } from "../../src/errors.js";

const JSON_TYPE = "application/json";
const noScrub = scrubber([]);

function reply(
  status: number,
  body: unknown,
  contentType = JSON_TYPE,
): RawReply {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, contentType, body: text };
}

function codeOf(action: () => unknown): ErrorCode | "none" {
  try {
    action();
    return "none";
  } catch (err) {
    return isAppError(err) ? err.code : "none";
  }
}

describe("reading a Duo reply", () => {
  const cases: Array<{
    name: string;
    raw: RawReply;
    code: ErrorCode | "none";
  }> = [
    {
      name: "200 with stat OK",
      raw: reply(200, { stat: "OK", response: {} }),
      code: "none",
    },
    {
      name: "503 even with JSON",
      raw: reply(503, { stat: "OK", response: {} }),
      code: "AR_DUO_UNAVAILABLE",
    },
    {
      name: "500 with HTML",
      raw: reply(500, "<html>", "text/html"),
      code: "AR_DUO_UNAVAILABLE",
    },
    {
      name: "200 with HTML",
      raw: reply(200, "<html>", "text/html"),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "200 with an empty body",
      raw: reply(200, ""),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "200 with a JSON array",
      raw: reply(200, "[]"),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "200 with JSON null",
      raw: reply(200, "null"),
      code: "AR_DUO_BAD_REPLY",
    },
    { name: "302 redirect", raw: reply(302, ""), code: "AR_DUO_BAD_REPLY" },
    {
      name: "stat ERROR",
      raw: reply(200, { stat: "ERROR" }),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "stat OK without response",
      raw: reply(200, { stat: "OK" }),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "stat OK with status 201",
      raw: reply(201, { stat: "OK", response: {} }),
      code: "AR_DUO_BAD_REPLY",
    },
    {
      name: "401 stat FAIL",
      raw: reply(401, {
        stat: "FAIL",
        code: 40103,
        message: "Invalid signature",
      }),
      code: "AR_DUO_REQUEST_REFUSED",
    },
    {
      name: "400 FAIL with a string code",
      raw: reply(400, { stat: "FAIL", code: "40002" }),
      code: "AR_DUO_REQUEST_REFUSED",
    },
    {
      name: "200 FAIL",
      raw: reply(200, { stat: "FAIL" }),
      code: "AR_DUO_REQUEST_REFUSED",
    },
  ];
  for (const { name, raw, code } of cases) {
    it(`gives ${code} for ${name}`, () => {
      assert.equal(
        codeOf(() => readResponse("/auth/v2/auth", raw, noScrub)),
        code,
      );
    });
  }

  it("reads Duo's code as text, whether sent as a number or a string", () => {
    const cases = [
      { code: 40103, text: "40103" },
      { code: "40002", text: "40002" },
      { code: "4x", text: "unknown" },
      { code: 1.5, text: "unknown" },
      { code: null, text: "unknown" },
      { code: undefined, text: "unknown" },
    ];
    for (const { code, text } of cases) assert.equal(readCode(code), text);
  });

  it("scrubs a secret that Duo's message echoes", () => {
    const secret = "s3cr3t-skey-value";
    const raw = reply(401, { stat: "FAIL", code: 1, message: `bad ${secret}` });
    let message = "";
    try {
      readResponse("/auth/v2/check", raw, scrubber([secret]));
    } catch (err) {
      message = String(err);
    }
    assert.ok(message.includes("[redacted]") && !message.includes(secret));
  });
});

describe("reading a preauth response", () => {
  it("refuses an unknown result", () => {
    const action = () => readPreauth("/p", { result: "maybe" }, noScrub);
    assert.equal(codeOf(action), "AR_DUO_BAD_REPLY");
  });

  it("keeps well-formed devices and drops the rest", () => {
    const devices = [
      { device: "D1", type: "phone", capabilities: ["push", 7] },
      { type: "phone" },
      "D3",
      { device: "D4" },
    ];
    const answer = readPreauth("/p", { result: "auth", devices }, noScrub);
    assert.deepEqual(answer.devices, [
      { device: "D1", type: "phone", capabilities: ["push"] },
      { device: "D4", type: "unknown", capabilities: [] },
    ]);
  });

  it("keeps only an https enrollment link", () => {
    const url = (enroll_portal_url: string) =>
      readPreauth("/p", { result: "enroll", enroll_portal_url }, noScrub)
        .enrollPortalUrl;
    assert.equal(
      url("https://api-x/portal?code=1"),
      "https://api-x/portal?code=1",
    );
    assert.equal(url("javascript:alert(1)"), undefined);
  });

  it("makes status_msg one bounded line", () => {
    const status_msg = `line one\nline two\u0007${"x".repeat(500)}`;
    const answer = readPreauth("/p", { result: "deny", status_msg }, noScrub);
    assert.ok(!/\p{Cc}/u.test(answer.statusMsg));
    assert.ok(answer.statusMsg.length <= 300);
  });
});

describe("reading an auth response", () => {
  const cases = [
    { response: { result: "allow", status: "allow" }, code: "none" },
    { response: { result: "deny", status: "fraud" }, code: "none" },
    {
      response: { result: "waiting", status: "pushed" },
      code: "AR_DUO_BAD_REPLY",
    },
    {
      response: { txid: "45f7c92b-f45f-4862-8545-e0f58e78075a" },
      code: "AR_DUO_BAD_REPLY",
    },
  ];
  for (const { response, code } of cases) {
    it(`gives ${code} for ${JSON.stringify(response)}`, () => {
      assert.equal(
        codeOf(() => readAuth("/a", response, noScrub)),
        code,
      );
    });
  }
});
