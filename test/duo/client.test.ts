import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { isAppError } from "../../src/errors.js";
import type { DuoStandIn } from "../../src/standins/duo/server.js";
import { Capture, configFor, startStandIn } from "./fixture.js";

/**
 * Tests that wait on a fault get a hard bound instead of a timed assert.
 * It only stops a test that would never end, so it leaves room for a
 * loaded machine and for the client's own 10 s limit.
 */
const BOUNDED = { timeout: 30_000 };

const capture = new Capture();
let standIn: DuoStandIn;

before(async () => {
  standIn = await startStandIn();
});
after(() => standIn.close());

function client(options: Parameters<Capture["client"]>[1] = {}) {
  return capture.client(configFor(standIn), options);
}

function lastRequest() {
  return standIn.requests.at(-1);
}

describe("Duo client against the stand-in", () => {
  describe("preauth", () => {
    const cases = [
      { username: "alice", result: "auth" },
      { username: "bypassed", result: "allow" },
      { username: "banned", result: "deny" },
      { username: "newbie", result: "enroll" },
      { username: "nobody-known", result: "enroll" },
    ];
    for (const { username, result } of cases) {
      it(`answers ${result} for ${username}`, async () => {
        const answer = await client().preauth(username);
        capture.record(answer);
        assert.equal(answer.result, result);
        assert.equal(typeof answer.statusMsg, "string");
      });
    }

    it("lists an enrolled user's devices with their capabilities", async () => {
      const answer = await client().preauth("alice");
      assert.equal(answer.devices.length, 1);
      assert.ok(answer.devices[0]?.capabilities.includes("push"));
    });

    it("passes the enrollment link only when enrolling", async () => {
      const enroll = await client().preauth("newbie");
      const auth = await client().preauth("alice");
      assert.match(enroll.enrollPortalUrl ?? "", /^https:\/\//);
      assert.equal(auth.enrollPortalUrl, undefined);
    });
  });

  describe("auth with a passcode", () => {
    it("allows the right passcode", async () => {
      const answer = await client().auth({
        username: "alice",
        factor: "passcode",
        passcode: "304958",
      });
      capture.record(answer);
      assert.equal(answer.result, "allow");
    });

    it("denies a wrong passcode", async () => {
      const answer = await client().auth({
        username: "alice",
        factor: "passcode",
        passcode: "999000",
      });
      capture.record(answer);
      assert.deepEqual([answer.result, answer.status], ["deny", "deny"]);
    });

    it("denies a passcode the second time it is used", async () => {
      const request = {
        username: "dave",
        factor: "passcode" as const,
        passcode: "771199",
      };
      const first = await client().auth(request);
      const second = await client().auth(request);
      capture.record([first, second]);
      assert.deepEqual([first.result, second.result], ["allow", "deny"]);
    });

    it("keeps a leading zero, sending the passcode as text", async () => {
      const answer = await client().auth({
        username: "alice",
        factor: "passcode",
        passcode: "012345",
      });
      assert.equal(answer.result, "allow");
      assert.equal(lastRequest()?.params["passcode"], "[redacted]");
    });
  });

  describe("auth with a push", () => {
    const cases = [
      { username: "alice", result: "allow", status: "allow" },
      { username: "dave", result: "deny", status: "deny" },
      { username: "tim", result: "deny", status: "timeout" },
    ];
    for (const { username, result, status } of cases) {
      it(`answers ${result} (${status}) for ${username}`, async () => {
        const answer = await client().auth({
          username,
          factor: "push",
          pushinfo: { workflow: "service_restart", run: "acme/ops#42" },
        });
        assert.deepEqual([answer.result, answer.status], [result, status]);
      });
    }

    it("sends pushinfo as one URL-encoded string", async () => {
      const pushinfo = { "run id": "acme/ops#42&x=1" };
      await client().auth({ username: "alice", factor: "push", pushinfo });
      const sent = lastRequest()?.params["pushinfo"] ?? "";
      assert.deepEqual(Object.fromEntries(new URLSearchParams(sent)), pushinfo);
    });
  });

  describe("check", () => {
    it("resolves when ikey, skey, host and clock are right", async () => {
      await client().check();
      assert.deepEqual(lastRequest()?.status, 200);
    });
  });
});

describe("Duo client refusing", () => {
  it("refuses when the stand-in rejects a wrong skey", async () => {
    const config = configFor(standIn, { skey: "x".repeat(40) });
    const err = await capture.thrown(() =>
      capture.client(config).preauth("alice"),
    );
    assert.ok(isAppError(err, "AR_DUO_REQUEST_REFUSED"));
    assert.equal(lastRequest()?.status, 401);
  });

  it("refuses when its Date is ten minutes stale", async () => {
    const now = () => new Date(Date.now() - 600_000);
    const err = await capture.thrown(() => client({ now }).check());
    assert.ok(isAppError(err, "AR_DUO_REQUEST_REFUSED"));
    assert.equal(lastRequest()?.status, 401);
  });

  it("refuses when nothing listens at the base URL", async () => {
    const url = await closedPortUrl();
    const config = { ...configFor(standIn), baseUrl: url };
    const err = await capture.thrown(() =>
      capture.client(config).preauth("alice"),
    );
    assert.ok(isAppError(err, "AR_DUO_UNAVAILABLE"));
  });

  it("will not send signed requests over plain HTTP to another host", () => {
    const config = { ...configFor(standIn), baseUrl: "http://duo.example" };
    assert.throws(
      () => capture.client(config),
      (err) => isAppError(err, "AR_CONFIG_INVALID"),
    );
  });

  it("throws a TypeError when a passcode factor has no passcode", async () => {
    const request = { username: "alice", factor: "passcode" as const };
    await assert.rejects(client().auth(request), TypeError);
  });
});

describe("Duo client when Duo misbehaves", () => {
  after(() => standIn.setFault(null));

  const faults = [
    { fault: "5xx", code: "AR_DUO_UNAVAILABLE" },
    { fault: "html", code: "AR_DUO_BAD_REPLY" },
    { fault: "hang", code: "AR_DUO_TIMEOUT" },
  ] as const;
  for (const { fault, code } of faults) {
    it(`refuses with ${code} on ${fault}`, BOUNDED, async () => {
      standIn.setFault(fault);
      // Only a hang waits out the limit; the others must not race it.
      const timeoutMs = fault === "hang" ? 300 : 10_000;
      const fast = capture.client(configFor(standIn, { timeoutMs }));
      const err = await capture.thrown(() => fast.preauth("alice"));
      standIn.setFault(null);
      assert.ok(isAppError(err, code), String(err));
    });
  }

  it("retries a 429 once, then refuses", BOUNDED, async () => {
    standIn.setFault("429");
    const before = standIn.requests.length;
    const err = await capture.thrown(() =>
      client({ maxRetryWaitMs: 20 }).preauth("alice"),
    );
    standIn.setFault(null);
    assert.ok(isAppError(err, "AR_DUO_RATE_LIMITED"));
    assert.equal(standIn.requests.length - before, 2);
  });

  it("gives a push its own time limit", BOUNDED, async () => {
    standIn.setFault("hang");
    const err = await capture.thrown(() =>
      client({ pushTimeoutMs: 300 }).auth({
        username: "alice",
        factor: "push",
      }),
    );
    standIn.setFault(null);
    assert.ok(isAppError(err, "AR_DUO_TIMEOUT"));
  });

  it(
    "refuses a hanging passcode check without leaking it",
    BOUNDED,
    async () => {
      standIn.setFault("hang");
      const fast = capture.client(configFor(standIn, { timeoutMs: 300 }));
      const request = {
        username: "alice",
        factor: "passcode" as const,
        passcode: "771199",
      };
      const err = await capture.thrown(() => fast.auth(request));
      standIn.setFault(null);
      assert.ok(isAppError(err, "AR_DUO_TIMEOUT"));
    },
  );
});

describe("secrets", () => {
  it("never appear in what the client threw or logged above", () => {
    const all = capture.texts.join("\n");
    // The capture saw real traffic: refusals and debug lines.
    assert.ok(all.includes("AR_DUO_TIMEOUT") && all.includes("duo answered"));
    assert.deepEqual(capture.leaks(), []);
  });

  it("never appear in the stand-in's request record", () => {
    const record = JSON.stringify(standIn.requests);
    assert.ok(record.includes("[redacted]"));
    assert.deepEqual(
      ["304958", "012345", "771199", "999000"].filter((p) =>
        record.includes(p),
      ),
      [],
    );
  });
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
