import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { findFactorToken } from "../../src/store/factor-tokens.js";
import { ClientGone, FormError, readForm } from "../../src/web/http.js";
import {
  type FormFixture,
  goodPasscodes,
  open,
  post,
  runToDuo,
  startFormFixture,
  stateOf,
} from "./fixture.js";

function tokenOf(link: string): string {
  return new URL(link).pathname.split("/").pop()!;
}

/** A form POST promising more bytes than it sends, cut off after `sent`. */
function cutPost(link: string, cookie: string, sent: string): Promise<void> {
  const url = new URL(link);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          `Content-Length: 1000\r\nCookie: ${cookie}\r\n\r\n${sent}`,
      );
    });
    socket.on("data", () => undefined);
    socket.on("close", () => resolve());
  });
}

/** A request stream that fails as Node fails a body cut short. */
function abortedRequest(): IncomingMessage {
  const stream = new PassThrough();
  const req = Object.assign(stream, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  stream.write("csrf=a");
  setImmediate(() => {
    const err = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    stream.destroy(err);
  });
  return req as unknown as IncomingMessage;
}

describe("reading a form body", () => {
  it("turns a body cut short into ClientGone", async () => {
    await assert.rejects(readForm(abortedRequest(), 1000), ClientGone);
  });

  it("still refuses an oversized body as a FormError", async () => {
    const stream = new PassThrough();
    const req = Object.assign(stream, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    stream.end("x".repeat(2000));
    const read = readForm(req as unknown as IncomingMessage, 1000);
    await assert.rejects(read, (err) => err instanceof FormError);
  });
});

describe("a person who hangs up in the middle of a Duo form", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture();
  });
  after(() => f.close());

  const linesAfter = (from: number) => f.h.logs.slice(from);

  it("is logged once at info as gone, with no stack and no token", async () => {
    const { links } = await runToDuo(f, "v3");
    const link = links["bob"]!;
    const page = await open(link);
    const from = f.h.logs.length;
    const passcode = goodPasscodes["bob"]![0]!;
    const half = `csrf=${page.csrf}&choice=passcode&passcode=${passcode}`;
    await cutPost(link, page.cookie!, half);
    assert.equal((await open(link)).status, 200);
    const gone = linesAfter(from).filter((l) => /client went away/.test(l));
    assert.equal(gone.length, 1);
    assert.match(gone[0]!, /"level":30/);
    assert.doesNotMatch(gone[0]!, /"stack"/);
    assert.doesNotMatch(gone[0]!, new RegExp(tokenOf(link)));
    const errors = linesAfter(from).filter((l) => /"level":(50|60)/.test(l));
    assert.deepEqual(errors, []);
  });

  it("records nothing, so the same link still confirms", async () => {
    const { links } = await runToDuo(f, "v3");
    const link = links["bob"]!;
    const page = await open(link);
    const asked = f.duo.requests.length;
    const before = findFactorToken(f.h.app.store, tokenOf(link))!;
    await cutPost(link, page.cookie!, `csrf=${page.csrf}&choice=push`);
    assert.equal(f.duo.requests.length, asked, "Duo was asked");
    const after = findFactorToken(f.h.app.store, tokenOf(link))!;
    assert.equal(after.state, before.state);
    assert.equal(after.failures, before.failures);
    const fresh = await open(link);
    const passcode = goodPasscodes["bob"]![0]!;
    const fields = { csrf: fresh.csrf!, choice: "passcode", passcode };
    const res = await post(link, fields, fresh.cookie);
    assert.equal(stateOf(res.html)["state"], "allowed");
  });
});
