import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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

const bomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((k, i) => {
    const prev = "abcdefgh"[i];
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(",")}]`;
  }),
].join("\n");

const nested = `${`{"a":`.repeat(1000)}1${"}".repeat(1000)}`;

/** Replies that must be refused with a comment, changing nothing. */
const refused = [
  {
    name: "a YAML alias bomb",
    body: `\`\`\`yaml\n${bomb}\n\`\`\``,
    code: "AR_REPLY_UNREADABLE",
    says: /uses YAML aliases too heavily/,
  },
  {
    name: "deeply nested JSON",
    body: `\`\`\`json\n${nested}\n\`\`\``,
    code: "AR_REPLY_UNREADABLE",
    says: /not valid YAML or JSON .*RESOURCE_EXHAUSTION|nests deeper/,
  },
  {
    name: "a field the schema forbids",
    body: '```json\n{"secondfactor": "approved", "also": "restart sshd"}\n```',
    code: "AR_REPLY_INVALID",
    says: /`also` is not an expected field; expected only: secondfactor/,
  },
  {
    name: "a wrong type",
    body: "```yaml\nsecondfactor: [approved]\n```",
    code: "AR_REPLY_INVALID",
    says: /`secondfactor` must be a string/,
  },
  {
    name: "broken YAML",
    body: "```yaml\nsecondfactor: 'approved\n```",
    code: "AR_REPLY_UNREADABLE",
    says: /not valid YAML or JSON at line \d+, column \d+/,
  },
];

describe("bad input of every kind", () => {
  let h: Harness;
  let n: number;
  before(async () => {
    h = await startHarness();
    n = await openRun(h, request);
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  /** Sends a comment the stand-in could not hold, straight as a webhook. */
  async function deliverComment(issue: number, body: string) {
    const template = h.gh.deliveries.findLast(
      (d) => d.event === "issue_comment" && d.action === "created",
    )!;
    const payload = JSON.parse(template.payload);
    payload.issue.number = issue;
    payload.comment.id = 9_000_000 + h.gh.deliveries.length;
    payload.comment.body = body;
    payload.comment.user = {
      ...payload.issue.user,
      login: "bob",
      id: h.gh.addUser("bob").id,
    };
    const result = await h.gh.deliver("issue_comment", payload);
    await h.settle();
    return result;
  }

  describe("as a reply to an open inquiry", () => {
    for (const c of refused) {
      it(`answers ${c.name} with ${c.code} and keeps the state`, async () => {
        const before = h.app.store.snapshot();
        await say(h, "bob", n, c.body);
        assert.deepEqual(codesOn(h, n).at(-1), c.code);
        assert.match(lastText(h, n), c.says);
        assert.equal(h.app.store.snapshot(), before);
        assert.deepEqual(h.gh.labels(n), ["paused"]);
      });
    }

    it("answers a 1 MB reply with its length, and keeps the state", async () => {
      const before = h.app.store.snapshot();
      const body = `${approval}\n${"x".repeat(1_048_576)}`;
      const result = await deliverComment(n, body);
      assert.equal(result.status, 200);
      assert.equal(codesOn(h, n).at(-1), "AR_REPLY_UNREADABLE");
      assert.match(
        lastText(h, n),
        /the comment is 1048\d{3} characters long; a reply is at most 16384/,
      );
      assert.equal(h.app.store.snapshot(), before);
    });

    it("leaves a 1 MB comment of plain conversation alone", async () => {
      const before = h.app.store.snapshot();
      const count = texts(h, n).length;
      await deliverComment(n, "so ".repeat(350_000));
      assert.equal(texts(h, n).length, count);
      assert.equal(h.app.store.snapshot(), before);
    });
  });

  it("refuses a webhook with a wrong signature, changing nothing", async () => {
    const before = h.app.store.snapshot();
    const response = await fetch(h.app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "forged-1",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: h.gh.deliveries.at(-1)!.payload,
    });
    assert.ok(response.status >= 400 && response.status < 500);
    await h.settle();
    assert.equal(h.app.store.snapshot(), before);
  });

  it("tells a reply to a finished run that it changes nothing", async () => {
    const m = await openRun(h, request);
    await say(h, "bob", m, approval);
    const before = h.app.store.snapshot();
    await say(h, "carol", m, "```yaml\nsecondfactor: rejected\n```");
    assert.equal(codesOn(h, m).at(-1), "AR_REPLY_CLOSED");
    assert.match(
      lastText(h, m),
      /run \d+ is succeeded and waits for no answer/,
    );
    assert.equal(h.app.store.snapshot(), before);
  });

  it("ignores a reply on an issue that is not a run", async () => {
    const issue = await h.gh.openIssue("alice", {
      title: "printer on fire",
      body: "It smells.",
    });
    const before = h.app.store.snapshot();
    await say(h, "bob", issue.number, approval);
    await say(h, "bob", issue.number, "/approve");
    assert.equal(texts(h, issue.number).length, 2);
    assert.equal(h.app.store.snapshot(), before);
  });

  it("answers /run of an unknown workflow, storing no run", async () => {
    const before = h.app.store.snapshot();
    const m = await openRun(h, "/run no_such_thing service=crond");
    assert.match(lastText(h, m), /`no_such_thing` was not found/);
    assert.equal(runOf(h, m), undefined);
    assert.equal(h.app.store.snapshot(), before);
  });

  it("answers a request for a workflow that fails validation on the default branch", async () => {
    h.gh.commit(h.repo, "main", {
      "workflows/rotten.yaml":
        "name: rotten\ntasks:\n  a: { action: core.nope }\n",
    });
    const before = h.app.store.snapshot();
    const m = await openRun(h, "/run rotten");
    assert.match(
      lastText(h, m),
      /Workflow `rotten` on the default branch is invalid/,
    );
    assert.match(lastText(h, m), /workflows\/rotten\.yaml:\d+:\d+: /);
    assert.equal(runOf(h, m), undefined);
    assert.equal(h.app.store.snapshot(), before);
  });

  it("keeps serving: the run that saw all of this still completes", async () => {
    h.sshd.clearRecords();
    await say(h, "bob", n, approval);
    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    assert.deepEqual(h.gh.labels(n), ["succeeded"]);
  });
});
