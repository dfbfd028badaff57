import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type {
  AuthAnswer,
  AuthRequest,
  DuoClient,
  DuoFactor,
  PreauthAnswer,
  PreauthResult,
} from "../../src/duo/types.js";
import { confirmFactor, type FactorReason } from "../../src/duo/verify.js";
import { isAppError } from "../../src/errors.js";
import type { DuoStandIn } from "../../src/standins/duo/server.js";
import { Capture, configFor, startStandIn } from "./fixture.js";

/** A client that answers from a script and records the auth calls. */
function scriptedClient(
  preauth: PreauthResult,
  auth: AuthAnswer["result"],
  devices: PreauthAnswer["devices"] = [
    { device: "D1", type: "phone", capabilities: ["push", "sms"] },
  ],
) {
  const authCalls: AuthRequest[] = [];
  const client: DuoClient = {
    preauth: async () => ({
      result: preauth,
      statusMsg: `preauth ${preauth}`,
      devices,
      enrollPortalUrl: "https://api-x/portal?code=secret-link",
    }),
    auth: async (request) => {
      authCalls.push(request);
      return { result: auth, status: auth, statusMsg: `auth ${auth}` };
    },
    check: async () => undefined,
  };
  return { client, authCalls };
}

describe("confirming a factor", () => {
  const table: Array<{
    preauth: PreauthResult;
    auth: AuthAnswer["result"];
    factor: DuoFactor;
    allowed: boolean;
    reason: FactorReason;
    stage: "preauth" | "auth";
  }> = [
    {
      preauth: "auth",
      auth: "allow",
      factor: "passcode",
      allowed: true,
      reason: "allowed",
      stage: "auth",
    },
    {
      preauth: "auth",
      auth: "allow",
      factor: "push",
      allowed: true,
      reason: "allowed",
      stage: "auth",
    },
    {
      preauth: "auth",
      auth: "deny",
      factor: "passcode",
      allowed: false,
      reason: "denied",
      stage: "auth",
    },
    {
      preauth: "auth",
      auth: "deny",
      factor: "push",
      allowed: false,
      reason: "denied",
      stage: "auth",
    },
    {
      preauth: "allow",
      auth: "allow",
      factor: "passcode",
      allowed: false,
      reason: "bypass-refused",
      stage: "preauth",
    },
    {
      preauth: "allow",
      auth: "allow",
      factor: "push",
      allowed: false,
      reason: "bypass-refused",
      stage: "preauth",
    },
    {
      preauth: "deny",
      auth: "allow",
      factor: "passcode",
      allowed: false,
      reason: "preauth-denied",
      stage: "preauth",
    },
    {
      preauth: "enroll",
      auth: "allow",
      factor: "push",
      allowed: false,
      reason: "enroll-required",
      stage: "preauth",
    },
  ];
  for (const row of table) {
    const when = `preauth says ${row.preauth} and auth says ${row.auth}`;
    it(`${row.allowed ? "allows" : "refuses"} a ${row.factor} when ${when}`, async () => {
      const { client, authCalls } = scriptedClient(row.preauth, row.auth);
      const outcome = await confirmFactor(client, {
        username: "bob",
        factor: row.factor,
        passcode: "123456",
      });
      assert.deepEqual(
        [outcome.allowed, outcome.reason, outcome.stage, outcome.factor],
        [row.allowed, row.reason, row.stage, row.factor],
      );
      assert.equal(authCalls.length, row.stage === "auth" ? 1 : 0);
    });
  }

  it("refuses a push when no device takes pushes, without asking Duo", async () => {
    const devices = [{ device: "T1", type: "token", capabilities: [] }];
    const { client, authCalls } = scriptedClient("auth", "allow", devices);
    const outcome = await confirmFactor(client, {
      username: "bob",
      factor: "push",
    });
    assert.equal(outcome.reason, "push-unavailable");
    assert.equal(authCalls.length, 0);
  });

  it("sends the passcode only with a passcode factor", async () => {
    const { client, authCalls } = scriptedClient("auth", "allow");
    await confirmFactor(client, {
      username: "bob",
      factor: "push",
      passcode: "123456",
    });
    assert.equal(authCalls[0]?.passcode, undefined);
  });

  it("passes Duo's status_msg through when Duo denies", async () => {
    const { client } = scriptedClient("deny", "deny");
    const outcome = await confirmFactor(client, {
      username: "bob",
      factor: "push",
    });
    assert.equal(outcome.statusMsg, "preauth deny");
  });

  it("keeps the enrollment link out of the outcome", async () => {
    const { client } = scriptedClient("enroll", "deny");
    const outcome = await confirmFactor(client, {
      username: "bob",
      factor: "push",
    });
    assert.ok(!JSON.stringify(outcome).includes("secret-link"));
  });

  it("stamps the decision with the given clock", async () => {
    const { client } = scriptedClient("auth", "allow");
    const now = () => new Date("2026-12-04T15:20:00Z");
    const outcome = await confirmFactor(client, {
      username: "bob",
      factor: "push",
      now,
    });
    assert.equal(outcome.at, "2026-12-04T15:20:00.000Z");
  });

  it("throws a TypeError for a passcode factor without a passcode", async () => {
    const { client } = scriptedClient("auth", "allow");
    await assert.rejects(
      confirmFactor(client, { username: "bob", factor: "passcode" }),
      TypeError,
    );
  });
});

describe("confirming a factor against the stand-in", () => {
  const capture = new Capture();
  let standIn: DuoStandIn;
  before(async () => {
    standIn = await startStandIn();
  });
  after(() => standIn.close());

  const cases = [
    {
      username: "alice",
      factor: "passcode",
      passcode: "304958",
      reason: "allowed",
    },
    {
      username: "alice",
      factor: "passcode",
      passcode: "999000",
      reason: "denied",
    },
    { username: "alice", factor: "push", reason: "allowed" },
    { username: "tim", factor: "push", reason: "denied" },
    { username: "bypassed", factor: "push", reason: "bypass-refused" },
    {
      username: "banned",
      factor: "passcode",
      passcode: "304958",
      reason: "preauth-denied",
    },
    { username: "newbie", factor: "push", reason: "enroll-required" },
  ] as const;
  for (const { reason, ...options } of cases) {
    it(`gives ${reason} for ${options.username} with a ${options.factor}`, async () => {
      const client = capture.client(configFor(standIn));
      const outcome = await confirmFactor(client, options);
      capture.record(outcome);
      assert.equal(outcome.reason, reason);
      assert.equal(outcome.allowed, reason === "allowed");
    });
  }

  it("throws, deciding nothing, when Duo is down", async () => {
    standIn.setFault("5xx");
    const client = capture.client(configFor(standIn));
    const err = await capture.thrown(() =>
      confirmFactor(client, {
        username: "alice",
        factor: "passcode",
        passcode: "771199",
      }),
    );
    standIn.setFault(null);
    assert.ok(isAppError(err, "AR_DUO_UNAVAILABLE"));
  });

  it("keeps the skey and passcodes out of outcomes, errors and logs", () => {
    assert.ok(capture.texts.length > 0);
    assert.deepEqual(capture.leaks(), []);
  });
});
