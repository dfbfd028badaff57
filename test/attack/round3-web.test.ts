import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  type FormFixture,
  goodPasscodes,
  open,
  post,
  runToDuo,
  startFormFixture,
  stateOf,
  submit,
} from "../web/fixture.js";

/**
 * Sends a form POST that promises more bytes than it sends, then ends its
 * side; resolves once the server has answered and closed the connection.
 */
function abortedPost(link: string, cookie: string): Promise<void> {
  const url = new URL(link);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          `Content-Length: 1000\r\nCookie: ${cookie}\r\n\r\ncsrf=abc`,
      );
    });
    socket.on("data", () => undefined);
    socket.on("close", () => resolve());
  });
}

describe("the Duo form against odd input", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture();
  });
  after(() => f.close());

  const digits: Array<[string, string]> = [
    ["Arabic-Indic digits", "\u0661\u0662\u0663\u0664\u0665\u0666"],
    ["full-width digits", "\uff11\uff12\uff13\uff14\uff15\uff16"],
    ["Devanagari digits", "\u0967\u0968\u0969\u096a\u096b\u096c"],
  ];
  for (const [what, passcode] of digits) {
    it(`refuses ${what} before asking Duo (what holds)`, async () => {
      const { links } = await runToDuo(f, "v3");
      const before = f.duo.requests.length;
      const res = await submit(links["bob"]!, { choice: "passcode", passcode });
      assert.equal(res.status, 400);
      assert.equal(stateOf(res.html)["code"], "AR_FORM_PASSCODE_FORMAT");
      assert.equal(f.duo.requests.length, before);
    });
  }

  it("takes a passcode with spaces around it (what holds)", async () => {
    const { links } = await runToDuo(f, "v3");
    const passcode = ` ${goodPasscodes["bob"]![20]!}\u00a0 `;
    const res = await submit(links["bob"]!, { choice: "passcode", passcode });
    assert.equal(stateOf(res.html)["state"], "allowed");
  });

  it("refuses a link of a cancelled run, even from an open page (what holds)", async () => {
    const waiting = await runToDuo(f, "v3");
    const link = waiting.links["bob"]!;
    const page = await open(link);
    await f.h.gh.comment("alice", waiting.issue, "/cancel");
    await f.h.settle();
    const res = await post(
      link,
      { csrf: page.csrf!, choice: "passcode", passcode: "123456" },
      page.cookie,
    );
    assert.equal(res.status, 410);
    assert.equal(stateOf(res.html)["code"], "AR_FORM_CLOSED");
    const again = await open(link);
    assert.equal(stateOf(again.html)["code"], "AR_FORM_CLOSED");
  });

  it("answers a POST with the same no-store, no-referrer, no-frame headers (what holds)", async () => {
    const { links } = await runToDuo(f, "v3");
    const res = await submit(links["bob"]!, {
      choice: "passcode",
      passcode: "12",
    });
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.match(
      res.headers.get("content-security-policy") ?? "",
      /frame-ancestors 'none'/,
    );
  });

  it("logs a person who hangs up mid-form as no fault of the app's", async () => {
    const { links } = await runToDuo(f, "v3");
    const page = await open(links["bob"]!);
    const errorsBefore = errorLines(f).length;
    await abortedPost(links["bob"]!, page.cookie!);
    // A request after the hang-up: the server has seen the close by then.
    const next = await open(links["bob"]!);
    assert.equal(next.status, 200);
    assert.deepEqual(errorLines(f).slice(errorsBefore), []);
  });
});

function errorLines(f: FormFixture): string[] {
  return f.h.logs.filter((line) => /"level":(50|60)/.test(line));
}

describe("the app's server on paths it does not serve (what holds)", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture();
  });
  after(() => f.close());

  for (const path of ["/", "/healthz", "/probot", "/duo/x/y", "/.env"]) {
    it(`answers GET ${path} with 404 and no stack`, async () => {
      const res = await fetch(`${f.h.app.url}${path}`);
      const text = await res.text();
      assert.equal(res.status, 404);
      assert.doesNotMatch(text, /\bat .*\.(ts|js):\d+/);
    });
  }
});
