import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  declaresTooMuch,
  isWebhookPost,
  maxWebhookBytes,
} from "../../src/server/webhook-body.js";
import { type Harness, startHarness } from "../support/harness.js";

const secret = "stack-webhook-secret";

/** Just the parts of a request these checks read. */
function request(
  method: string,
  url: string,
  headers: Record<string, string> = {},
): IncomingMessage {
  return { method, url, headers } as unknown as IncomingMessage;
}

describe("which requests are the webhook's", () => {
  const path = "/api/github/webhooks";
  const cases: Array<[string, string, string, boolean]> = [
    ["a POST to the path", "POST", path, true],
    ["a POST with a trailing slash", "POST", `${path}//`, true],
    ["a POST with a query", "POST", `${path}?x=1`, true],
    ["a GET of the path", "GET", path, false],
    ["a POST elsewhere", "POST", "/duo/abc", false],
    ["a POST below the path", "POST", `${path}/more`, false],
  ];
  for (const [what, method, url, expected] of cases) {
    it(`${expected ? "takes" : "leaves"} ${what}`, () => {
      assert.equal(isWebhookPost(request(method, url), path), expected);
    });
  }
});

describe("a declared body length", () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ["none (a chunked body)", {}, false],
    ["exactly the limit", { "content-length": `${maxWebhookBytes}` }, false],
    ["one byte over", { "content-length": `${maxWebhookBytes + 1}` }, true],
    ["not a number", { "content-length": "lots" }, false],
  ];
  for (const [what, headers, expected] of cases) {
    it(`of ${what} is ${expected ? "" : "not "}too much`, () => {
      const req = request("POST", "/", headers);
      assert.equal(declaresTooMuch(req, maxWebhookBytes), expected);
    });
  }
});

describe("webhook bodies over HTTP", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows: {} });
  });
  after(() => h?.close());

  /**
   * Sends a chunked POST of `chunks` pieces and reports what came back
   * and how many bytes were written before the app answered or hung up.
   */
  function sendChunked(
    chunks: () => Generator<Buffer>,
    headers: Record<string, string>,
  ): Promise<{ answer: string; sent: number }> {
    const url = new URL(h.app.webhookUrl);
    const socket = connect(Number(url.port), url.hostname);
    let answer = "";
    let sent = 0;
    let done = false;
    return new Promise((resolve) => {
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        resolve({ answer, sent });
      };
      socket.on("data", (d) => {
        answer += String(d);
        if (/\r\n\r\n/.test(answer) && !/^HTTP\/1\.1 200/.test(answer)) {
          finish();
        }
      });
      socket.on("error", finish);
      socket.on("close", finish);
      const head = [
        `POST ${url.pathname} HTTP/1.1`,
        `host: ${url.host}`,
        "transfer-encoding: chunked",
        "connection: close",
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        "",
        "",
      ].join("\r\n");
      const pieces = chunks();
      const pump = () => {
        // Not for-of: leaving that loop would close the generator.
        for (let next = pieces.next(); !next.done; next = pieces.next()) {
          if (done) return;
          sent += next.value.length;
          socket.write(`${next.value.length.toString(16)}\r\n`);
          const more = socket.write(
            Buffer.concat([next.value, Buffer.from("\r\n")]),
          );
          if (!more) return void socket.once("drain", pump);
        }
        if (!done) socket.write("0\r\n\r\n");
      };
      socket.once("connect", () => {
        socket.write(head);
        pump();
      });
    });
  }

  const webhookHeaders = (signature: string) => ({
    "content-type": "application/json",
    "x-github-event": "ping",
    "x-github-delivery": crypto.randomUUID(),
    "x-hub-signature-256": signature,
  });

  it("cuts off a chunked body past the limit with 413", async () => {
    const total = 2 * maxWebhookBytes;
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const { answer, sent } = await sendChunked(
      function* () {
        for (let n = 0; n < total; n += piece.length) yield piece;
      },
      webhookHeaders(`sha256=${"0".repeat(64)}`),
    );
    assert.match(answer, /^HTTP\/1\.1 413/);
    assert.ok(sent < total, `all ${sent} bytes were taken`);
  });

  it("answers a declared length past the limit with 413 before the body", async () => {
    const url = new URL(h.app.webhookUrl);
    const res = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          [
            `POST ${url.pathname} HTTP/1.1`,
            `host: ${url.host}`,
            "content-type: application/json",
            `content-length: ${maxWebhookBytes + 1}`,
            "",
            "",
          ].join("\r\n"),
        );
      });
      let answer = "";
      socket.on("data", (d) => {
        answer += String(d);
      });
      socket.on("close", () => resolve(answer));
    });
    assert.match(res, /^HTTP\/1\.1 413/);
  });

  it("still takes a signed delivery sent in chunks", async () => {
    const body = JSON.stringify({
      zen: "Keep it logically awesome.",
      hook_id: 1,
    });
    const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    const half = Math.floor(body.length / 2);
    const { answer } = await sendChunked(function* () {
      yield Buffer.from(body.slice(0, half));
      yield Buffer.from(body.slice(half));
    }, webhookHeaders(signature));
    assert.match(answer, /^HTTP\/1\.1 200/);
  });
});
