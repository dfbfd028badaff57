import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { recordOutcome } from "../../src/duo/record.js";
import { findFactorToken } from "../../src/store/factor-tokens.js";
import {
  type FormFixture,
  goodPasscodes,
  newestLinks,
  open,
  runToDuo,
  startFormFixture,
  stateOf,
  submit,
  type WaitingRun,
} from "./fixture.js";

const minute = 60_000;
const passcodes = [...goodPasscodes["bob"]!];

describe("a Duo confirmation against the step's deadline", () => {
  let f: FormFixture;
  before(async () => {
    f = await startFormFixture();
  });
  after(() => f.close());

  const factorOf = (waiting: WaitingRun) =>
    f.h.app.store.inquiries
      .list({ runId: waiting.run.id })
      .find((i) => i.kind === "factor")!;
  /** Sets the app's clock `ms` past (or, negative, before) the deadline. */
  function clockAt(waiting: WaitingRun, ms: number): void {
    f.clock.offsetMs = factorOf(waiting).deadline + ms - Date.now();
  }
  /** A new link for bob, asked for with `/duo` at the current clock. */
  async function freshLink(waiting: WaitingRun): Promise<string> {
    await f.h.gh.comment("bob", waiting.issue, "/duo");
    await f.h.settle();
    return newestLinks(f, waiting.issue)["bob"]!;
  }
  const runStatus = (waiting: WaitingRun) =>
    f.h.app.store.runs.get(waiting.run.id)!.status;

  it("counts a passcode a minute before the deadline (the control)", async () => {
    const waiting = await runToDuo(f, "v3");
    try {
      clockAt(waiting, -minute);
      const link = await freshLink(waiting);
      const res = await submit(link, {
        choice: "passcode",
        passcode: passcodes.shift()!,
      });
      assert.equal(stateOf(res.html)["state"], "allowed");
    } finally {
      f.clock.offsetMs = 0;
    }
  });

  it("refuses a link used after the deadline, asks Duo nothing and expires the run", async () => {
    const waiting = await runToDuo(f, "v3");
    try {
      // A link made just before the deadline outlives it by minutes.
      clockAt(waiting, -minute);
      const link = await freshLink(waiting);
      clockAt(waiting, minute);
      const calls = f.duo.requests.length;
      const res = await submit(link, {
        choice: "passcode",
        passcode: passcodes.shift()!,
      });
      assert.equal(res.status, 410);
      assert.equal(stateOf(res.html)["code"], "AR_FORM_CLOSED");
      assert.equal(f.duo.requests.length, calls);
      assert.equal(runStatus(waiting), "expired");
      assert.equal(factorOf(waiting).status, "expired");
      await f.h.settle();
      assert.deepEqual(f.h.gh.labels(waiting.issue), ["expired"]);
    } finally {
      f.clock.offsetMs = 0;
    }
  });

  it("shows a link opened after the deadline as closed and expires the run", async () => {
    const waiting = await runToDuo(f, "v3");
    try {
      clockAt(waiting, -minute);
      const link = await freshLink(waiting);
      clockAt(waiting, minute);
      const page = await open(link);
      assert.equal(page.status, 410);
      assert.equal(stateOf(page.html)["code"], "AR_FORM_CLOSED");
      assert.equal(page.csrf, undefined);
      assert.equal(runStatus(waiting), "expired");
    } finally {
      f.clock.offsetMs = 0;
    }
  });

  it("answers /duo after the deadline by expiring the run, with no new link", async () => {
    const waiting = await runToDuo(f, "v3");
    try {
      const before = newestLinks(f, waiting.issue)["bob"];
      clockAt(waiting, minute);
      const after = await freshLink(waiting);
      assert.equal(after, before);
      assert.equal(runStatus(waiting), "expired");
      assert.deepEqual(f.h.gh.labels(waiting.issue), ["expired"]);
    } finally {
      f.clock.offsetMs = 0;
    }
  });

  it("records nothing when Duo allows after the deadline has passed", async () => {
    const waiting = await runToDuo(f, "v3");
    const link = waiting.links["bob"]!;
    const secret = link.slice(link.lastIndexOf("/") + 1);
    const token = findFactorToken(f.h.app.store, secret)!;
    try {
      // Duo's answer lands after the deadline, while the step is open.
      clockAt(waiting, 1);
      const recorded = recordOutcome(f.h.app.runner, token, {
        allowed: true,
        factor: "push",
        stage: "auth",
        result: "allow",
        reason: "allowed",
        statusMsg: "Success. Logging you in...",
        at: new Date(f.h.app.store.now()).toISOString(),
      });
      assert.equal(recorded.kind, "closed");
      const factor = factorOf(waiting);
      assert.deepEqual(f.h.app.store.responses.ofInquiry(factor.id), []);
      assert.equal(factor.status, "open");
      assert.equal(runStatus(waiting), "paused");
    } finally {
      f.clock.offsetMs = 0;
    }
  });
});
