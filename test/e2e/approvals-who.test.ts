import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  askThenRestart,
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
  texts,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const members = Array.from({ length: 120 }, (_, i) => `m${i + 1}`);

const workflows = {
  ...localWorkflows(),
  "workflows/who.yaml": askThenRestart("who", {
    users: ["BOB", "mallory", "alice"],
    teams: ["big"],
    roles: ["maintain"],
  }),
  "workflows/self.yaml": askThenRestart("self", {
    users: ["alice", "bob"],
    allow_requester: true,
  }),
  "workflows/nobody.yaml": askThenRestart("nobody", {}),
};

const request = (name: string) => `/run ${name} service=crond`;
const approve = "```yaml\ndecision: approve\n```";

describe("who may answer an inquiry", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
    for (const login of members) h.gh.addUser(login);
    h.gh.addTeam("big", members);
    h.gh.setPermission(h.repo, "carol", "maintain");
    h.gh.setPermission(h.repo, "dave", "write");
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  /** Opens a run, lets `login` answer, and returns what changed. */
  async function tryAnswer(name: string, login: string, body = approve) {
    h.sshd.clearRecords();
    const n = await openRun(h, request(name));
    const before = h.app.store.snapshot();
    const count = texts(h, n).length;
    await say(h, login, n, body);
    return { n, before, count };
  }

  describe("refuses, with a comment naming who may, and counts nothing", () => {
    const cases = [
      { who: "a user listed nowhere", login: "dave" },
      { who: "the requester, even when listed", login: "alice" },
    ];
    for (const c of cases) {
      it(`from ${c.who}`, async () => {
        const { n, before } = await tryAnswer("who", c.login);
        assert.deepEqual(codesOn(h, n), ["AR_REPLY_NOT_ALLOWED"]);
        assert.match(lastText(h, n), /Who may answer: @BOB, @mallory/);
        assert.match(lastText(h, n), /members of @acme\/big/);
        assert.equal(h.app.store.snapshot(), before);
        assert.deepEqual(h.gh.labels(n), ["paused"]);
        assert.deepEqual(h.sshd.records(), []);
      });
    }
  });

  it("ignores a bot's reply entirely: no answer, nothing stored", async () => {
    const { n, before, count } = await tryAnswer("who", "helper-bot[bot]");
    assert.equal(texts(h, n).length, count + 1);
    assert.equal(h.app.store.snapshot(), before);
    assert.deepEqual(h.sshd.records(), []);
  });

  it("never reads its own inquiry, example reply and all, as an answer", async () => {
    const n = await openRun(h, request("who"));
    const inquiry = h.gh
      .comments(n)
      .find((c) => /Approval needed/.test(c.body));
    assert.ok(inquiry);
    assert.match(inquiry.body, /decision: "approve"/);
    const echoed = h.gh.deliveries.some(
      (d) =>
        d.event === "issue_comment" && d.payload.includes("Approval needed"),
    );
    assert.ok(echoed, "the stand-in echoed the inquiry back to the app");
    const run = runOf(h, n)!;
    const [open] = h.app.store.inquiries.list({ runId: run.id });
    assert.deepEqual(h.app.store.responses.ofInquiry(open!.id), []);
  });

  describe("counts an allowed person", () => {
    const cases = [
      { who: "listed in another case (BOB as bob)", login: "bob" },
      {
        who: "whose login differs in case (mallory as Mallory)",
        login: "Mallory",
      },
      { who: "of a team of 120, on its second page", login: "m115" },
      { who: "holding the role named (maintain)", login: "carol" },
    ];
    for (const c of cases) {
      it(c.who, async () => {
        const { n } = await tryAnswer("who", c.login);
        assert.deepEqual(codesOn(h, n), []);
        assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
        assert.deepEqual(h.gh.labels(n), ["succeeded"]);
        const [inquiry] = h.app.store.inquiries.list({
          runId: runOf(h, n)!.id,
        });
        const [answer] = h.app.store.responses.ofInquiry(inquiry!.id);
        assert.equal(answer!.login, c.login);
      });
    }
  });

  it("reads every page of a team's members", () => {
    const pages = h.gh.calls.filter((c) =>
      /^\/orgs\/acme\/teams\/big\/members\?.*page=2/.test(c.path),
    );
    assert.ok(pages.length > 0);
  });

  it("refuses a lower role than the one named (write for maintain)", async () => {
    const { n } = await tryAnswer("who", "dave");
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_NOT_ALLOWED"]);
  });

  describe("with allow_requester", () => {
    it("still refuses the requester while the operator forbids it", async () => {
      const { n } = await tryAnswer("self", "alice");
      assert.deepEqual(codesOn(h, n), ["AR_REPLY_NOT_ALLOWED"]);
      assert.match(lastText(h, n), /Who may answer: @alice, @bob\./);
    });

    it("lets the requester answer once the operator allows it", async () => {
      h.config.allowSelfApproval = true;
      try {
        const { n } = await tryAnswer("self", "alice");
        assert.deepEqual(codesOn(h, n), []);
        assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      } finally {
        h.config.allowSelfApproval = false;
      }
    });
  });

  it("refuses to run a workflow whose inquiry names no approver", async () => {
    const before = h.app.store.snapshot();
    const n = await openRun(h, request("nobody"));
    assert.match(lastText(h, n), /inquiry names no approver/);
    assert.match(lastText(h, n), /`nobody` on the default branch is invalid/);
    assert.equal(runOf(h, n), undefined);
    assert.equal(h.app.store.snapshot(), before);
  });
});
