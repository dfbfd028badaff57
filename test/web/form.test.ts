import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { findFactorToken } from "../../src/store/factor-tokens.js";
import {
  type FormFixture,
  goodPasscodes,
  newestLinks,
  open,
  post,
  runToDuo,
  startFormFixture,
  stateOf,
  submit,
  type WaitingRun,
  wrongPasscode,
} from "./fixture.js";

const passcodes = { ...goodPasscodes };
/** A passcode bob has not used yet (the stand-in takes each once). */
function nextPasscode(login = "bob"): string {
  return passcodes[login]!.shift()!;
}

function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1);
}

describe("the Duo form over HTTP", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture();
  });
  after(() => f.close());

  function record(url: string) {
    return findFactorToken(f.h.app.store, tokenOf(url))!;
  }
  function duoCalls(): number {
    return f.duo.requests.length;
  }

  describe("a link's page", () => {
    let waiting: WaitingRun;
    before(async () => {
      waiting = await runToDuo(f, "v3");
    });

    it("names the run, workflow, step, host alias and command", async () => {
      const page = await open(waiting.links["bob"]!);
      assert.equal(page.status, 200);
      assert.equal(stateOf(page.html)["state"], "form");
      const { run } = waiting;
      assert.ok(
        page.html.includes(`acme/ops#${run.issueNumber}, run ${run.id}`),
      );
      assert.ok(page.html.includes("service_restart_v3"));
      assert.ok(page.html.includes("second_factor (duo.auth)"));
      assert.ok(page.html.includes("<strong>web-1</strong>"));
      assert.match(page.html, /<pre>sudo -n -- sh -c .*crond.*<\/pre>/);
      assert.ok(page.html.includes("@bob"));
    });

    it("asks for the passcode as digits a phone can fill", async () => {
      const page = await open(waiting.links["bob"]!);
      const input = /<input id="passcode"[^>]*>/.exec(page.html)![0];
      for (const attr of [
        'type="text"',
        'inputmode="numeric"',
        'autocomplete="one-time-code"',
      ]) {
        assert.ok(input.includes(attr), attr);
      }
      assert.match(page.html, /<meta name="viewport"/);
      assert.doesNotMatch(page.html, /<script/i);
    });

    it("sends the security headers and a strict, HttpOnly CSRF cookie", async () => {
      const res = await fetch(waiting.links["bob"]!);
      const csp = res.headers.get("content-security-policy")!;
      for (const part of [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]) {
        assert.ok(csp.includes(part), part);
      }
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.equal(res.headers.get("cache-control"), "no-store");
      const cookie = res.headers.get("set-cookie")!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const html = await res.text();
      const csrf = /name="csrf" value="([^"]*)"/.exec(html)![1]!;
      assert.ok(cookie.startsWith(`duo_csrf=${csrf};`));
    });

    it("answers an unknown or malformed token with a 404 page", async () => {
      const base = waiting.links["bob"]!.replace(/[\w-]{43}$/, "");
      for (const token of ["A".repeat(43), "short", "%3Cscript%3E"]) {
        const page = await open(base + token);
        assert.equal(page.status, 404);
        assert.equal(stateOf(page.html)["code"], "AR_FORM_NOT_FOUND");
      }
    });
  });

  describe("CSRF", () => {
    let url: string;
    before(async () => {
      url = (await runToDuo(f, "v3")).links["bob"]!;
    });

    const refusals: Array<
      [
        string,
        (s: {
          csrf: string;
          cookie: string;
        }) => [Record<string, string>, string | undefined],
      ]
    > = [
      ["no field and no cookie", () => [{}, undefined]],
      ["a field but no cookie", (s) => [{ csrf: s.csrf }, undefined]],
      ["a cookie but no field", (s) => [{}, s.cookie]],
      [
        "a field that differs from the cookie",
        (s) => [{ csrf: `${s.csrf}x` }, s.cookie],
      ],
      [
        "a forged pair that match each other",
        () => [{ csrf: "forged" }, "duo_csrf=forged"],
      ],
    ];
    for (const [name, build] of refusals) {
      it(`refuses ${name} with a 403 page and asks Duo nothing`, async () => {
        const served = await open(url);
        const before = duoCalls();
        const [fields, cookie] = build({
          csrf: served.csrf!,
          cookie: served.cookie!,
        });
        const res = await post(
          url,
          { ...fields, passcode: wrongPasscode },
          cookie,
        );
        assert.equal(res.status, 403);
        assert.equal(stateOf(res.html)["code"], "AR_FORM_CSRF");
        assert.equal(duoCalls(), before);
        assert.equal(record(url).failures, 0);
      });
    }

    it("refuses the value of an older page once the link is opened again", async () => {
      const older = await open(url);
      await open(url);
      const res = await post(
        url,
        { csrf: older.csrf!, passcode: wrongPasscode },
        older.cookie,
      );
      assert.equal(res.status, 403);
    });
  });

  describe("a passcode", () => {
    it("that is wrong is denied, counted and written to the issue; the right one confirms", async () => {
      const { links, issue, run } = await runToDuo(f, "v3");
      const url = links["bob"]!;
      const denied = await submit(url, {
        choice: "passcode",
        passcode: wrongPasscode,
      });
      assert.equal(denied.status, 200);
      assert.equal(stateOf(denied.html)["outcome"], "denied");
      assert.equal(denied.html.includes(wrongPasscode), false);
      assert.equal(record(url).failures, 1);
      const good = nextPasscode();
      const allowed = await submit(url, { choice: "passcode", passcode: good });
      assert.equal(stateOf(allowed.html)["state"], "allowed");
      assert.equal(allowed.html.includes(good), false);
      await f.h.settle();
      const step = f.h.app.store.steps
        .ofRun(run.id)
        .find((s) => s.task === "second_factor")!;
      assert.equal(step.status, "succeeded");
      assert.equal(step.actor, "bob");
      const result = step.result as {
        factor: string;
        confirmations: Array<Record<string, unknown>>;
      };
      assert.equal(result.factor, "passcode");
      assert.deepEqual(
        result.confirmations.map((c) => [c["login"], c["result"]]),
        [["bob", "allow"]],
      );
      assert.equal(JSON.stringify(result).includes(good), false);
      const bodies = f.h.gh.comments(issue).map((c) => c.body);
      assert.ok(
        bodies.some((b) => b.includes("Duo **denied** @bob's passcode")),
      );
      assert.ok(
        bodies.some((b) => b.includes("Duo **allowed** @bob's passcode")),
      );
    });

    it("cannot be sent twice with a link that was used", async () => {
      const { links } = await runToDuo(f, "v3");
      const url = links["bob"]!;
      await submit(url, { choice: "passcode", passcode: nextPasscode() });
      await f.h.settle();
      const before = duoCalls();
      const again = await submit(url, {
        choice: "passcode",
        passcode: nextPasscode(),
      });
      assert.equal(again.status, 410);
      assert.equal(stateOf(again.html)["code"], "AR_FORM_USED");
      assert.equal(duoCalls(), before);
    });

    it("that is not 6 to 10 digits is refused before Duo is asked", async () => {
      const { links } = await runToDuo(f, "v3");
      const before = duoCalls();
      const res = await submit(links["bob"]!, {
        choice: "passcode",
        passcode: "12ab",
      });
      assert.equal(res.status, 400);
      assert.equal(stateOf(res.html)["code"], "AR_FORM_PASSCODE_FORMAT");
      assert.equal(duoCalls(), before);
    });
  });

  describe("five wrong passcodes", () => {
    it("kill the link and the issue says so", async () => {
      const { links, issue } = await runToDuo(f, "v3");
      const url = links["bob"]!;
      const states = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await submit(url, {
          choice: "passcode",
          passcode: wrongPasscode,
        });
        states.push(res.status);
      }
      assert.deepEqual(states, [200, 200, 200, 200, 410]);
      assert.equal(record(url).state, "dead");
      const before = duoCalls();
      const sixth = await submit(url, {
        choice: "passcode",
        passcode: nextPasscode(),
      });
      assert.equal(stateOf(sixth.html)["code"], "AR_FORM_LOCKED");
      assert.equal(duoCalls(), before);
      await f.h.settle();
      const bodies = f.h.gh.comments(issue).map((c) => c.body);
      assert.ok(bodies.some((b) => b.includes("refusal 5 of 5")));
    });
  });

  describe("an expired link", () => {
    it("is refused, and `/duo` brings a new link that works", async () => {
      const { links, issue } = await runToDuo(f, "v3");
      const old = links["bob"]!;
      f.clock.offsetMs += 10 * 60_000;
      try {
        const page = await open(old);
        assert.equal(page.status, 410);
        assert.equal(stateOf(page.html)["code"], "AR_FORM_EXPIRED");
        await f.h.gh.comment("bob", issue, "/duo");
        await f.h.settle();
        const fresh = newestLinks(f, issue)["bob"]!;
        assert.notEqual(fresh, old);
        const res = await submit(fresh, {
          choice: "passcode",
          passcode: nextPasscode(),
        });
        assert.equal(stateOf(res.html)["state"], "allowed");
      } finally {
        f.clock.offsetMs = 0;
      }
    });
  });

  describe("`/duo` on a live link", () => {
    it("replaces it; only confirmers get one", async () => {
      const { links, issue } = await runToDuo(f, "v3");
      await f.h.gh.comment("bob", issue, "/duo");
      await f.h.gh.comment("carol", issue, "/duo");
      await f.h.settle();
      const page = await open(links["bob"]!);
      assert.equal(stateOf(page.html)["code"], "AR_FORM_REPLACED");
      const bodies = f.h.gh.comments(issue).map((c) => c.body);
      assert.ok(
        bodies.some((b) => b.includes("@carol is not asked to confirm")),
      );
      assert.equal(newestLinks(f, issue)["carol"], undefined);
    });
  });

  describe("when Duo is down", () => {
    for (const fault of ["5xx", "429", "hang", "html"] as const) {
      it(`refuses (${fault}) with a page that lets the person try again`, async () => {
        const { links } = await runToDuo(f, "v3");
        const url = links["bob"]!;
        const duo = f.h.config.duo!;
        const limit = duo.timeoutMs;
        // Only a hang waits out the limit; the other faults must not race it.
        if (fault === "hang") duo.timeoutMs = 300;
        f.duo.setFault(fault);
        let res: Awaited<ReturnType<typeof submit>>;
        try {
          res = await submit(url, {
            choice: "passcode",
            passcode: wrongPasscode,
          });
        } finally {
          f.duo.setFault(null);
          duo.timeoutMs = limit;
        }
        assert.equal(res.status, 503);
        const state = stateOf(res.html);
        assert.equal(state["outcome"], "unavailable");
        assert.match(state["code"]!, /^AR_DUO_/);
        assert.match(res.html, /name="csrf"/, "the form is shown again");
        assert.deepEqual(
          [record(url).state, record(url).failures],
          ["live", 0],
        );
        const retry = await submit(url, {
          choice: "passcode",
          passcode: nextPasscode(),
        });
        assert.equal(stateOf(retry.html)["state"], "allowed");
      });
    }
  });

  describe("two POSTs at once with one link", () => {
    it("ask Duo once: the second waits for the first", async () => {
      const { links } = await runToDuo(f, "v3");
      const url = links["bob"]!;
      const served = await open(url);
      const fields = { csrf: served.csrf!, passcode: wrongPasscode };
      f.duo.setFault("hang");
      try {
        const before = duoCalls();
        const first = post(url, fields, served.cookie);
        while (duoCalls() === before) {
          await new Promise((r) => setTimeout(r, 10));
        }
        const calls = duoCalls();
        const second = await post(url, fields, served.cookie);
        assert.equal(second.status, 409);
        assert.equal(stateOf(second.html)["code"], "AR_FORM_BUSY");
        assert.equal(duoCalls(), calls);
        // Duo gives up on the first now (503), not at the client's limit.
        f.duo.releaseHanging();
        assert.equal((await first).status, 503);
      } finally {
        f.duo.setFault(null);
      }
      assert.deepEqual([record(url).state, record(url).failures], ["live", 0]);
    });
  });

  describe("two confirmers", () => {
    it("each confirm for themselves: the token decides the person", async () => {
      const { links, run } = await runToDuo(f, "pair");
      assert.deepEqual(Object.keys(links).sort(), ["bob", "carol"]);
      const carolPage = await open(links["carol"]!);
      assert.ok(carolPage.html.includes("<strong>@carol</strong>"));
      const res = await submit(links["bob"]!, {
        choice: "passcode",
        passcode: nextPasscode(),
        login: "carol",
        user: "carol",
        userId: String(record(links["carol"]!).userId),
      });
      assert.equal(stateOf(res.html)["state"], "allowed");
      await f.h.settle();
      const inquiry = f.h.app.store.inquiries
        .list({ runId: run.id })
        .find((i) => i.kind === "factor")!;
      const who = f.h.app.store.responses
        .ofInquiry(inquiry.id)
        .map((r) => r.login);
      assert.deepEqual(who, ["bob"]);
      assert.equal(inquiry.status, "open", "carol has not confirmed");
      assert.equal(record(links["carol"]!).state, "live");
    });

    it("finish the step once both are allowed, by passcode and by push", async () => {
      const { links, run } = await runToDuo(f, "pair");
      await submit(links["bob"]!, { choice: "push" });
      await submit(links["carol"]!, {
        choice: "passcode",
        passcode: nextPasscode("carol"),
      });
      await f.h.settle();
      const step = f.h.app.store.steps
        .ofRun(run.id)
        .find((s) => s.task === "confirm")!;
      assert.equal(step.status, "succeeded");
      const result = step.result as {
        confirmations: Array<Record<string, unknown>>;
      };
      assert.deepEqual(
        result.confirmations.map((c) => [c["login"], c["factor"], c["result"]]),
        [
          ["bob", "push", "allow"],
          ["carol", "passcode", "allow"],
        ],
      );
    });
  });

  describe("a step that takes only passcodes", () => {
    it("refuses a push before asking Duo", async () => {
      const { links } = await runToDuo(f, "v3");
      const before = duoCalls();
      const res = await submit(links["bob"]!, { choice: "push" });
      assert.equal(res.status, 400);
      assert.equal(stateOf(res.html)["code"], "AR_FORM_FACTOR_NOT_ALLOWED");
      assert.equal(duoCalls(), before);
    });
  });

  describe("a form body", () => {
    it("over 4 KB is refused with 413", async () => {
      const { links } = await runToDuo(f, "v3");
      const served = await open(links["bob"]!);
      const res = await post(
        links["bob"]!,
        { csrf: served.csrf!, passcode: wrongPasscode, pad: "x".repeat(5000) },
        served.cookie,
      );
      assert.equal(res.status, 413);
      assert.equal(stateOf(res.html)["code"], "AR_FORM_BODY");
    });

    it("that is not urlencoded is refused with 415", async () => {
      const { links } = await runToDuo(f, "v3");
      const served = await open(links["bob"]!);
      const res = await post(
        links["bob"]!,
        { csrf: served.csrf!, passcode: wrongPasscode },
        served.cookie,
        "application/json",
      );
      assert.equal(res.status, 415);
    });
  });

  describe("a comment that looks like a passcode", () => {
    it("is deleted, never quoted back, and its author's link is revoked", async () => {
      const { links, issue } = await runToDuo(f, "v3");
      const leaked = "771199";
      const posted = await f.h.gh.comment("bob", issue, `here:\n${leaked}`);
      await f.h.settle();
      const comments = f.h.gh.comments(issue);
      assert.equal(
        comments.some((c) => c.id === posted.id),
        false,
      );
      assert.equal(
        comments.some((c) => c.body.includes(leaked)),
        false,
      );
      assert.ok(
        comments.some((c) => c.body.includes("looked like a Duo passcode")),
      );
      const page = await open(links["bob"]!);
      assert.equal(stateOf(page.html)["code"], "AR_FORM_REPLACED");
    });
  });
});

describe("the Duo form's rate limit", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture({ postsPerMinute: 3 });
  });
  after(() => f.close());

  it("answers the 4th POST in a minute from one address with 429", async () => {
    const { links } = await runToDuo(f, "v3");
    const url = links["bob"]!;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (await post(url, { passcode: wrongPasscode }, undefined)).status,
      );
    }
    assert.deepEqual(statuses, [403, 403, 403, 429]);
    const limited = await post(url, {}, undefined);
    assert.equal(stateOf(limited.html)["code"], "AR_FORM_RATE_LIMITED");
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
  });
});
