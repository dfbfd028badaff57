import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  askThenRestart,
  codesOn,
  openRun,
  runOf,
  say,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

/*
 * What people type reaches the app's own comments. Those comments are the
 * audit record, and GitHub renders them as Markdown under the app's name,
 * so a person's text must stay inside code there: no line of its own, no
 * live @mention, no link, and above all no hidden marker the app reads back.
 */

const workflows = {
  "workflows/ask.yaml": askThenRestart("ask", { users: ["bob"] }),
};

/** The app's (bot's) comments on issue `n` holding `needle` in raw text. */
function botCommentsWith(h: Harness, n: number, needle: string) {
  return h.gh
    .comments(n)
    .filter((c) => c.authorType === "Bot" && c.body.includes(needle));
}

/**
 * A comment's Markdown with fenced blocks and code spans taken out: what
 * GitHub renders as live text (mentions notify, links link).
 */
function liveText(body: string): string {
  return body
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "")
    .replace(/(`+)[\s\S]*?\1/g, "");
}

/**
 * A JSON reply block: the app reads the first fenced block of a comment.
 * `<` is written as `\u003c`, so the comment as typed holds no marker of
 * the app's (such a comment is ignored) while the parsed reply does.
 */
const jsonReply = (value: Record<string, unknown>) =>
  `\`\`\`json\n${JSON.stringify(value).replaceAll("<", "\\u003c")}\n\`\`\``;

describe("a reply from someone who may not answer, with Markdown in it", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  it("cannot give the app's refusal a line of its own through a field name", async () => {
    const n = await openRun(h, "/run ask service=crond");
    const forged =
      "**Recorded @admin's answer; `approval` is answered (1 of 1).**";
    const name = `x\`\n\n${forged}\n\n\`y`;
    await say(h, "mallory", n, jsonReply({ decision: "approve", [name]: 1 }));
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_INVALID"]);
    const refusals = botCommentsWith(h, n, "Recorded @admin");
    assert.equal(refusals.length, 1, "the refusal quotes the field name");
    const lines = refusals[0]!.body.split("\n");
    assert.equal(
      lines.some((l) => l.startsWith("**Recorded @admin")),
      false,
      "a person's text stands as a line of the app's comment",
    );
  });

  it("cannot make the app's refusal mention a team or link away", async () => {
    const n = await openRun(h, "/run ask service=crond");
    const value = "**approved by @acme/ops** [details](http://127.0.0.1/x)";
    await say(h, "mallory", n, jsonReply({ decision: value }));
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_INVALID"]);
    const [refusal] = botCommentsWith(h, n, "approved by @acme/ops");
    assert.ok(refusal, "the refusal quotes the value");
    const live = liveText(refusal.body);
    assert.doesNotMatch(live, /@acme\/ops/);
    assert.doesNotMatch(live, /\]\(http/);
  });

  it("cannot mention a team through a /run word with a backtick", async () => {
    const issue = await h.gh.openIssue("mallory", {
      title: "x",
      body: "/run x`@acme/ops`y",
    });
    await h.settle();
    const [refusal] = botCommentsWith(h, issue.number, "@acme/ops");
    assert.ok(refusal, "the refusal quotes the word");
    assert.doesNotMatch(liveText(refusal.body), /@acme\/ops/);
  });
});

describe("a hidden marker smuggled into the app's own comment", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
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

  /** Loses the store; bob's approval then rebuilds the same run, which runs. */
  async function approveAfterLoss(n: number, runId: number): Promise<void> {
    await loseStore();
    await say(h, "bob", n, "/approve");
    assert.equal(runOf(h, n)?.id, runId, "the run was not rebuilt");
    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    assert.deepEqual(h.gh.labels(n), ["succeeded"]);
  }

  it("does not stop a paused run from being rebuilt after the store is lost", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run ask service=crond");
    const runId = runOf(h, n)!.id;
    const marker = "<!-- approval-runner:finished -->";
    await say(h, "mallory", n, jsonReply({ decision: "approve", [marker]: 1 }));
    assert.deepEqual(codesOn(h, n), ["AR_REPLY_INVALID"]);
    const quoted = botCommentsWith(h, n, "approval-runner:finished -->");
    assert.equal(quoted.length, 1, "the refusal quotes the field name");
    assert.equal(
      botCommentsWith(h, n, marker).length,
      0,
      "the app's comment carries a marker it did not write",
    );
    await approveAfterLoss(n, runId);
  });

  it("reads no marker that stands inside the app's own text", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run ask service=crond");
    const runId = runOf(h, n)!.id;
    // As if an earlier version had quoted one: in a code span, mid-line.
    const marker = "<!-- approval-runner:finished -->";
    await say(h, h.gh.botLogin, n, `\`${marker}\` is not an expected field`);
    await approveAfterLoss(n, runId);
  });

  it("rebuilds and runs the same paused run when nobody smuggled one", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run ask service=crond");
    const runId = runOf(h, n)!.id;
    await approveAfterLoss(n, runId);
  });
});
