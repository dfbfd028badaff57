import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  markerKeyOf,
  readSignedState,
  readStateMarker,
  stateMarker,
} from "../../src/github/markers.js";
import {
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
  texts,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const request = "/run service_restart_v2 service=crond host=web-1";
const approval = "```yaml\nsecondfactor: approved\n```";

describe("the audit trail of a run", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  /** Stops the app, deletes its store, and starts it again. */
  async function loseStore(): Promise<void> {
    const close = h.app.close;
    h.app.close = async () => {
      await close();
      const file = h.config.database;
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        rmSync(f, { force: true });
      }
    };
    await h.restart();
  }

  describe("of a run that succeeded", () => {
    let n: number;
    before(async () => {
      n = await openRun(h, request);
      await say(h, "bob", n, approval);
    });

    it("keeps the request and a status table in the issue body", () => {
      const body = h.gh.issue(n)!.body ?? "";
      assert.ok(body.startsWith(request));
      assert.match(
        body,
        /\| task \| action \| status \| who \| when \(UTC\) \| duration \|/,
      );
      assert.match(
        body,
        /\| `approval` \| `core.ask` \| ✅ succeeded \| @bob \| \d{4}-/,
      );
      assert.match(
        body,
        /\| `restart` \| `ssh.run` \| ✅ succeeded \| {2}\| .* \| [\d.]+ (ms|s) \|/,
      );
      assert.match(body, /### Run \d+: `service_restart_v2` — succeeded/);
    });

    it("has a comment for every change, in order", () => {
      const said = texts(h, n).map((t) =>
        /Run \d+ of `service_restart_v2` accepted/.test(t)
          ? "accepted"
          : /Approval needed/.test(t)
            ? "asked"
            : /is answered \(1 of 1\)/.test(t)
              ? "answered"
              : /Task `restart` \*\*succeeded\*\*/.test(t)
                ? "restarted"
                : /Run \d+ \*\*succeeded\*\*/.test(t)
                  ? "finished"
                  : "other",
      );
      assert.deepEqual(said, [
        "accepted",
        "asked",
        "other",
        "answered",
        "restarted",
        "finished",
      ]);
    });

    it("keeps an event for every change in the store", () => {
      const kinds = h.app.store.events
        .list({ runId: runOf(h, n)!.id })
        .map((e) => e.kind);
      assert.deepEqual(kinds, [
        "run-accepted",
        "task-started",
        "inquiry-opened",
        "task-paused",
        "run-paused",
        "answer-recorded",
        "inquiry-decided",
        "task-finished",
        "task-started",
        "task-finished",
        "run-finished",
      ]);
    });

    it("hides a state marker only this app's key verifies", () => {
      const body = h.gh.issue(n)!.body ?? "";
      const key = markerKeyOf("some other app's key");
      assert.equal(readSignedState(body, key), undefined);
      const state = readStateMarker(body)!;
      assert.equal(state["status"], "succeeded");
      assert.equal(state["workflow"], "service_restart_v2");
      assert.equal(typeof state["sig"], "string");
    });
  });

  describe("when the app loses its store between request and reply", () => {
    let n: number;
    let runId: number;
    before(async () => {
      h.sshd.clearRecords();
      n = await openRun(h, request);
      runId = runOf(h, n)!.id;
      await loseStore();
      assert.equal(runOf(h, n), undefined);
      await say(h, "bob", n, approval);
    });

    it("rebuilds the run from the issue and goes on, once", () => {
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
      assert.equal(runOf(h, n)!.id, runId);
    });

    it("says so in the thread and in the store", () => {
      assert.ok(
        texts(h, n).some((t) =>
          /rebuilt it from the state kept in this issue/.test(t),
        ),
      );
      const kinds = h.app.store.events.list({ runId }).map((e) => e.kind);
      assert.equal(kinds[0], "run-rebuilt");
      assert.equal(
        texts(h, n).filter((t) => /Approval needed/.test(t)).length,
        1,
      );
    });
  });

  it("rebuilds nothing from a marker someone edited", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, request);
    const body = h.gh.issue(n)!.body ?? "";
    const state = readStateMarker(body)!;
    const forged = stateMarker({
      ...state,
      input: { service: "sshd", host: "web-1" },
    });
    const start = body.indexOf("<!-- approval-runner:state ");
    const end = body.indexOf(" -->", start) + 4;
    await h.gh.editIssue("alice", n, {
      body: body.slice(0, start) + forged + body.slice(end),
    });
    await loseStore();
    const before = h.app.store.snapshot();
    await say(h, "bob", n, approval);
    assert.equal(runOf(h, n), undefined);
    assert.equal(h.app.store.snapshot(), before);
    assert.deepEqual(h.sshd.records(), []);
  });

  describe("/cancel", () => {
    it("from someone who is neither requester nor approver changes nothing", async () => {
      const n = await openRun(h, request);
      const before = h.app.store.snapshot();
      await say(h, "dave", n, "/cancel");
      assert.deepEqual(codesOn(h, n), ["AR_COMMAND_NOT_ALLOWED"]);
      assert.equal(h.app.store.snapshot(), before);
      assert.deepEqual(h.gh.labels(n), ["paused"]);
    });

    for (const login of ["alice", "bob"]) {
      it(`from ${login === "alice" ? "the requester" : "an approver"} ends a paused run`, async () => {
        const n = await openRun(h, request);
        await say(h, login, n, "/cancel");
        assert.match(lastText(h, n), new RegExp(`cancelled by @${login}`));
        assert.deepEqual(h.gh.labels(n), ["cancelled"]);
        assert.equal(h.gh.issue(n)!.state, "closed");
        const run = runOf(h, n)!;
        assert.equal(run.status, "cancelled");
        assert.equal(
          h.app.store.inquiries.list({ runId: run.id })[0]!.status,
          "cancelled",
        );
      });
    }

    it("on a finished run says it does not apply", async () => {
      const n = await openRun(h, request);
      await say(h, "bob", n, approval);
      const before = h.app.store.snapshot();
      await say(h, "alice", n, "/cancel");
      assert.deepEqual(codesOn(h, n), ["AR_COMMAND_NOT_APPLICABLE"]);
      assert.equal(h.app.store.snapshot(), before);
    });
  });
});
