import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sign } from "@duosecurity/duo_api/lib/duo_sig.js";
import type { DuoStandIn } from "../../src/standins/duo/server.js";
import { startDuoStandIn } from "../../src/standins/duo/server.js";
import { HOST, IKEY, makeUsers, SKEY } from "./fixture.js";

const users = makeUsers();
let standIn: DuoStandIn;
before(async () => {
  standIn = await startDuoStandIn({
    ikey: IKEY,
    skey: SKEY,
    host: HOST,
    users,
  });
});
after(() => standIn.close());

/** A hand-signed form POST, so each header can be left out on purpose. */
async function post(
  path: string,
  params: Record<string, string>,
  omit: "date" | "authorization" | null = null,
) {
  const date = new Date().toUTCString();
  const headers: Record<string, string> = {
    date,
    authorization: sign(IKEY, SKEY, "POST", HOST, path, params, date),
    "content-type": "application/x-www-form-urlencoded",
  };
  if (omit) delete headers[omit];
  const body = new URLSearchParams(params).toString();
  const res = await fetch(`${standIn.url}${path}`, {
    method: "POST",
    headers,
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe("Duo stand-in", () => {
  it("answers ping without a signature", async () => {
    const res = await fetch(`${standIn.url}/auth/v2/ping`);
    const body = (await res.json()) as {
      stat: string;
      response: { time: unknown };
    };
    assert.equal(body.stat, "OK");
    assert.equal(typeof body.response.time, "number");
  });

  it("refuses a signed request without a date", async () => {
    const res = await post("/auth/v2/preauth", { username: "alice" }, "date");
    assert.deepEqual([res.status, res.body["stat"]], [401, "FAIL"]);
    assert.equal(res.body["code"], 40105);
  });

  it("refuses a request without credentials", async () => {
    const res = await post(
      "/auth/v2/preauth",
      { username: "alice" },
      "authorization",
    );
    assert.deepEqual([res.status, res.body["code"]], [401, 40101]);
  });

  it("answers an unknown endpoint with Duo's 404 shape", async () => {
    const res = await post("/auth/v2/enroll_status", { username: "alice" });
    assert.deepEqual([res.status, res.body["stat"]], [404, "FAIL"]);
  });

  it("names a missing parameter in message_detail", async () => {
    const res = await post("/auth/v2/auth", { username: "alice" });
    assert.deepEqual([res.status, res.body["message_detail"]], [400, "factor"]);
  });

  it("uses up passcodes without editing the fixture it was given", async () => {
    const params = {
      username: "alice",
      factor: "passcode",
      passcode: "304958",
    };
    await post("/auth/v2/auth", params);
    const again = await post("/auth/v2/auth", params);
    const response = again.body["response"] as { result: string };
    assert.equal(response.result, "deny");
    assert.ok(users["alice"]?.passcodes.includes("304958"));
  });

  it("records requests with the passcode redacted", async () => {
    const params = {
      username: "alice",
      factor: "passcode",
      passcode: "771199",
    };
    await post("/auth/v2/auth", params);
    assert.deepEqual(standIn.requests.at(-1), {
      method: "POST",
      path: "/auth/v2/auth",
      params: { ...params, passcode: "[redacted]" },
      status: 200,
    });
  });

  it("closes while a request hangs", async () => {
    const hanging = await startDuoStandIn({
      ikey: IKEY,
      skey: SKEY,
      host: HOST,
      users,
    });
    hanging.setFault("hang");
    const pending = fetch(`${hanging.url}/auth/v2/ping`).catch((err) => err);
    while (hanging.requests.length === 0)
      await new Promise((r) => setTimeout(r, 5));
    await hanging.close();
    assert.ok((await pending) instanceof Error);
  });
});
