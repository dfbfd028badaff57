import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { hasMarker } from "../../src/github/markers.js";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  askThenRestart,
  openRun,
  runOf,
  texts,
  until,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

const workflows = {
  ...localWorkflows(),
  "workflows/many.yaml": askThenRestart("many", {
    users: ["bob", "carol", "dave", "mallory"],
    approvals: 2,
  }),
};

const commentsPath = /\/issues\/\d+\/comments$/;

describe("a run's action, at most once", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  /** Signs and posts a recorded delivery again, as GitHub would. */
  async function post(delivery: {
    id: string;
    event: string;
    payload: string;
  }) {
    const signature = await h.app.probot.webhooks.sign(delivery.payload);
    const response = await fetch(h.app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": delivery.event,
        "x-github-delivery": delivery.id,
        "x-hub-signature-256": signature,
      },
      body: delivery.payload,
    });
    await response.text();
    return response.status;
  }

  describe("under 50 concurrent approvals and redeliveries", () => {
    let n: number;
    let statuses: number[];
    before(async () => {
      h.sshd.clearRecords();
      n = await openRun(h, "/run many service=crond");
      // Comments are made with webhooks off, then all sent at once.
      h.gh.setWebhookUrl(undefined);
      const authors = ["bob", "bob", "bob", "carol", "carol", "dave"];
      const sent = h.gh.deliveries.length;
      for (const login of [...authors, "mallory", "alice", "dave"]) {
        await h.gh.comment(login, n, "/approve");
      }
      const made = h.gh.deliveries.slice(sent);
      h.gh.setWebhookUrl(h.app.webhookUrl);
      const fifty = Array.from(
        { length: 50 },
        (_, i) => made[i % made.length]!,
      );
      statuses = await Promise.all(fifty.map(post));
      await h.settle();
    });

    it("accepts every delivery", () => {
      assert.ok(
        statuses.every((s) => s >= 200 && s < 300),
        String(statuses),
      );
    });

    it("runs the action once", () => {
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    });

    it("decides the inquiry once, with two different people", () => {
      const run = runOf(h, n)!;
      const [inquiry] = h.app.store.inquiries.list({ runId: run.id });
      const logins = h.app.store.responses
        .ofInquiry(inquiry!.id)
        .map((r) => r.login);
      assert.equal(logins.length, 2);
      assert.equal(new Set(logins).size, 2);
      const decided = h.app.store.events
        .list({ runId: run.id })
        .filter((e) => e.kind === "inquiry-decided");
      assert.equal(decided.length, 1);
    });

    it("answers each comment at most once", () => {
      const answers = texts(h, n).filter((t) => /answer-\d+ -->/.test(t));
      const keys = answers.map((t) => /(answer-\d+) -->/.exec(t)![1]);
      assert.equal(new Set(keys).size, keys.length);
    });
  });

  it("applies an answer that arrives while the run is still pausing, once", async () => {
    h.sshd.clearRecords();
    h.gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 800,
      times: 2,
    });
    const issue = await h.gh.openIssue("alice", {
      title: "a request",
      body: "/run service_restart_v2 service=crond host=web-1",
    });
    const n = issue.number;
    await until(() => {
      const run = runOf(h, n);
      return !!run && h.app.store.inquiries.list({ runId: run.id }).length > 0;
    }, "the inquiry to be stored");
    assert.equal(texts(h, n).length, 1, "only the accepted comment so far");
    await h.gh.comment("bob", n, "/approved");
    await h.settle();
    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    const all = texts(h, n);
    const inquiry = all.findIndex((t) => /Approval needed/.test(t));
    const answered = all.findIndex((t) => /is answered \(1 of 1\)/.test(t));
    assert.ok(inquiry >= 0 && answered > inquiry);
    assert.equal(all.filter((t) => /Approval needed/.test(t)).length, 1);
  });

  it("applies an answer sent before the question was asked to the first one", async () => {
    h.sshd.clearRecords();
    h.gh.delayNext({ method: "POST", pathPattern: commentsPath, ms: 800 });
    const issue = await h.gh.openIssue("alice", {
      title: "a request",
      body: "/run service_restart_v2 service=crond host=web-1",
    });
    await until(() => !!runOf(h, issue.number), "the run to be stored");
    await h.gh.comment(
      "bob",
      issue.number,
      "```yaml\nsecondfactor: approved\n```",
    );
    await h.settle();
    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
  });

  it("does not repeat a comment whose post failed after GitHub acted", async () => {
    h.gh.failNext({
      method: "POST",
      pathPattern: commentsPath,
      status: 502,
      afterActing: true,
    });
    const n = await openRun(
      h,
      "/run service_restart_v2 service=crond host=web-1",
    );
    const accepted = h.gh
      .comments(n)
      .filter((c) => hasMarker(c.body, "accepted"));
    assert.equal(accepted.length, 1);
    assert.deepEqual(h.gh.labels(n), ["paused"]);
  });

  it("starts one run however often the request is delivered", async () => {
    const n = await openRun(
      h,
      "/run service_restart_v2 service=crond host=web-1",
    );
    const opened = h.gh.deliveries.findLast((d) => d.event === "issues")!;
    const before = h.app.store.snapshot();
    const count = texts(h, n).length;
    await h.gh.redeliver(opened.id);
    await post(opened);
    await h.settle();
    assert.equal(h.app.store.snapshot(), before);
    assert.equal(texts(h, n).length, count);
  });
});
