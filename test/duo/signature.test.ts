import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import { after, afterEach, before, describe, it, mock } from "node:test";
import { Client } from "@duosecurity/duo_api";
import { sign } from "@duosecurity/duo_api/lib/duo_sig.js";
import { type DuoRequest, prepareRequest } from "../../src/duo/transport.js";
import type { DuoStandIn } from "../../src/standins/duo/server.js";
import {
  checkSignature,
  type SignedRequestParts,
} from "../../src/standins/duo/signature.js";
import { configFor, HOST, IKEY, SKEY, startStandIn } from "./fixture.js";

/** What the SDK hands to `https.request`. */
interface SdkOptions {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

let standIn: DuoStandIn;
before(async () => {
  standIn = await startStandIn();
});
after(() => standIn.close());
afterEach(() => mock.restoreAll());

/** Captures the SDK's next request instead of sending it. */
function captureSdkRequest(): Promise<{ options: SdkOptions; body: string }> {
  return new Promise((resolve) => {
    const fake = (options: SdkOptions) => {
      let body = "";
      return {
        on: () => undefined,
        write: (chunk: string) => {
          body += chunk;
        },
        end: () => resolve({ options, body }),
      };
    };
    mock.method(https, "request", fake as unknown as typeof https.request);
  });
}

/** Sends the SDK's HTTPS requests to the plain-HTTP stand-in instead. */
function routeSdkToStandIn(): void {
  const port = Number(new URL(standIn.url).port);
  const redirect = (options: SdkOptions, callback: () => void) => {
    const { method, path, headers } = options;
    return http.request(
      { host: "127.0.0.1", port, method, path, headers },
      callback,
    );
  };
  mock.method(https, "request", redirect as unknown as typeof https.request);
}

function sdkCall(
  skey: string,
  request: DuoRequest,
): Promise<Record<string, unknown>> {
  const client = new Client(IKEY, skey, HOST);
  const { method, path, params } = request;
  return new Promise((resolve) => {
    client.apiCall(method, path, params, (body) => resolve(JSON.parse(body)));
  });
}

const REQUESTS: Array<{ name: string; request: DuoRequest }> = [
  {
    name: "a preauth",
    request: {
      method: "POST",
      path: "/auth/v2/preauth",
      params: { username: "alice" },
    },
  },
  {
    name: "a passcode auth with a leading zero",
    request: {
      method: "POST",
      path: "/auth/v2/auth",
      params: { username: "alice", factor: "passcode", passcode: "012345" },
    },
  },
  {
    name: "a push with characters that need encoding",
    request: {
      method: "POST",
      path: "/auth/v2/auth",
      params: {
        username: "ünï çødé",
        factor: "push",
        pushinfo: "from=a%20b&x=!'()*~",
        ipaddr: "2001:db8::1",
      },
    },
  },
  {
    name: "keys that sort by code unit",
    request: {
      method: "POST",
      path: "/auth/v2/preauth",
      params: { a_b: "1", a: "2", A: "3", ab: "4", username: "x" },
    },
  },
  {
    name: "a signed GET with no parameters",
    request: { method: "GET", path: "/auth/v2/check", params: {} },
  },
  {
    name: "a GET with a query",
    request: { method: "GET", path: "/auth/v2/check", params: { q: "a b" } },
  },
];

describe("request signing", () => {
  for (const { name, request } of REQUESTS) {
    it(`matches the SDK's Client byte for byte for ${name}`, async () => {
      const captured = captureSdkRequest();
      new Client(IKEY, SKEY, HOST).apiCall(
        request.method,
        request.path,
        request.params,
        () => undefined,
      );
      const { options, body } = await captured;
      const date = new Date(options.headers["Date"] ?? "");
      const ours = prepareRequest(configFor(standIn), request, date);

      assert.equal(ours.init.headers["Date"], options.headers["Date"]);
      assert.equal(
        ours.init.headers["Authorization"],
        options.headers["Authorization"],
      );
      assert.equal(
        ours.init.headers["Content-Type"],
        options.headers["Content-Type"],
      );
      assert.equal(ours.init.body ?? "", body);
      const url = new URL(ours.url);
      assert.equal(`${url.pathname}${url.search}`, options.path);
    });
  }
});

describe("the stand-in's signature check", () => {
  describe("with the SDK's own requests", () => {
    it("accepts a signed preauth", async () => {
      routeSdkToStandIn();
      const request = REQUESTS[0]!.request;
      const body = await sdkCall(SKEY, request);
      assert.equal(body["stat"], "OK");
    });

    it("accepts parameters that need encoding", async () => {
      routeSdkToStandIn();
      const body = await sdkCall(SKEY, REQUESTS[2]!.request);
      // The user is unknown, so Duo's answer is a 400 about the username,
      // which only comes after the signature held.
      assert.equal(body["message_detail"], "username");
    });

    it("refuses the SDK signing with another skey, as Duo does", async () => {
      routeSdkToStandIn();
      const body = await sdkCall("z".repeat(40), REQUESTS[0]!.request);
      assert.deepEqual([body["stat"], body["code"]], ["FAIL", 40103]);
    });
  });

  describe("with hand-made requests", () => {
    const integration = {
      ikey: IKEY,
      skey: SKEY,
      host: HOST,
      maxSkewSeconds: 300,
    };
    const now = Date.parse("Fri, 04 Dec 2026 15:20:00 GMT");
    const date = new Date(now).toUTCString();

    interface Changes {
      /** Sign with these instead of the integration's own. */
      signAs?: { skey?: string; host?: string; ikey?: string };
      /** Sign and send this date; `null` sends no date header at all. */
      date?: string | null;
      dateHeader?: "date" | "x-duo-date";
      /** Send these parts instead of what was signed. */
      send?: Partial<SignedRequestParts>;
    }

    function signed(changes: Changes = {}): SignedRequestParts {
      const params = { username: "alice", k: ["b", "a"] };
      const signDate = changes.date ?? date;
      const authorization = sign(
        changes.signAs?.ikey ?? IKEY,
        changes.signAs?.skey ?? SKEY,
        "POST",
        changes.signAs?.host ?? HOST,
        "/auth/v2/preauth",
        params,
        signDate,
      );
      const headers: SignedRequestParts["headers"] = { authorization };
      if (changes.date !== null) {
        headers[changes.dateHeader ?? "date"] = signDate;
      }
      const sent: Array<[string, string]> = [
        ["k", "b"],
        ["username", "alice"],
        ["k", "a"],
      ];
      const request = {
        method: "POST",
        path: "/auth/v2/preauth",
        params: sent,
      };
      return { ...request, headers, ...changes.send };
    }

    const cases: Array<{
      name: string;
      request: SignedRequestParts;
      code: number | undefined;
    }> = [
      {
        name: "as signed, repeated keys kept in order",
        request: signed(),
        code: undefined,
      },
      {
        name: "dated in X-Duo-Date",
        request: signed({ dateHeader: "x-duo-date" }),
        code: undefined,
      },
      {
        name: "a changed parameter",
        request: signed({
          send: {
            params: [
              ["username", "mallory"],
              ["k", "b"],
              ["k", "a"],
            ],
          },
        }),
        code: 40103,
      },
      {
        name: "repeated values reordered",
        request: signed({
          send: {
            params: [
              ["username", "alice"],
              ["k", "a"],
              ["k", "b"],
            ],
          },
        }),
        code: 40103,
      },
      {
        name: "another path",
        request: signed({ send: { path: "/auth/v2/auth" } }),
        code: 40103,
      },
      {
        name: "another method",
        request: signed({ send: { method: "GET" } }),
        code: 40103,
      },
      {
        name: "signed for another host",
        request: signed({ signAs: { host: "api-other.duosecurity.com" } }),
        code: 40103,
      },
      {
        name: "another skey",
        request: signed({ signAs: { skey: "y".repeat(40) } }),
        code: 40103,
      },
      {
        name: "another ikey",
        request: signed({ signAs: { ikey: "DIXXXXXXXXXXXXXXXXXX" } }),
        code: 40102,
      },
      { name: "no date", request: signed({ date: null }), code: 40105 },
      {
        name: "a date 301 s old",
        request: signed({ date: new Date(now - 301_000).toUTCString() }),
        code: 40106,
      },
      {
        name: "no credentials",
        request: { ...signed(), headers: { date } },
        code: 40101,
      },
    ];
    for (const { name, request, code } of cases) {
      it(`${code ? `refuses with ${code}` : "accepts"} ${name}`, () => {
        assert.equal(checkSignature(integration, request, now)?.code, code);
      });
    }
  });
});
