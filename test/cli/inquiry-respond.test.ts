import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliStack, startCliStack } from "./fixture.js";

const restart = "/run service_restart_v2 service=crond host=web-1";
const rotate = "/run rotate_key host=web-2";

describe("approval-runner inquiry respond, against the sandbox", () => {
  let s: CliStack;
  let dir: string;
  before(async () => {
    s = await startCliStack();
    dir = mkdtempSync(join(tmpdir(), "ar-cli-"));
  });
  after(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function request(body: string): Promise<number> {
    const issue = await s.stack.gh.openIssue("alice", { title: "t", body });
    await s.stack.settle();
    return issue.number;
  }

  const commentCount = (issue: number) => s.stack.gh.comments(issue).length;

  describe("with --response", () => {
    it("posts bob's answer as bob, and the run goes on to succeed", async () => {
      const issue = await request(restart);
      const { code } = await s.cli("bob", [
        "inquiry",
        "respond",
        `${issue}/approval`,
        "--response",
        '{"secondfactor": "approved"}',
      ]);
      await s.stack.settle();

      const answer = s.stack.gh.comments(issue).find((c) => c.author === "bob");
      assert.equal(code, 0);
      assert.match(answer?.body ?? "", /```yaml\nsecondfactor: approved\n```/);
      assert.equal(s.stack.gh.issue(issue)?.state, "closed");
      assert.deepEqual(s.stack.gh.labels(issue), ["succeeded"]);
      assert.deepEqual(s.stack.sshd.records().at(-1), ["restart", "crond"]);
    });

    it("refuses an answer to a closed inquiry and posts nothing", async () => {
      const issue = await request(restart);
      const answer = '{"secondfactor": "approved"}';
      const args = ["inquiry", "respond", `#${issue}/approval`, "-r", answer];
      await s.cli("bob", args);
      await s.stack.settle();
      const before = commentCount(issue);
      const again = await s.cli("bob", args);

      assert.equal(again.code, 1);
      assert.match(again.stderr, /^error AR_CLI_INQUIRY_CLOSED: /);
      assert.equal(commentCount(issue), before);
    });

    it("checks the schema first: a wrong value posts nothing", async () => {
      const issue = await request(restart);
      const before = commentCount(issue);
      const result = await s.cli("bob", [
        "inquiry",
        "respond",
        `${issue}/approval`,
        "-r",
        "secondfactor: maybe",
      ]);

      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error AR_REPLY_INVALID: /);
      assert.match(result.stderr, /secondfactor/);
      assert.equal(commentCount(issue), before);
      assert.deepEqual(s.stack.gh.labels(issue), ["paused"]);
    });

    it("waits for the app's verdict: the requester may not answer", async () => {
      const issue = await request(restart);
      const result = await s.cli("alice", [
        "inquiry",
        "respond",
        `${issue}/approval`,
        "-r",
        '{"secondfactor": "approved"}',
        // Ends as soon as the verdict is there; the rest is for a slow machine.
        "--wait",
        "60",
      ]);

      assert.equal(result.code, 0);
      assert.match(result.stdout, /@alice/);
      assert.deepEqual(s.stack.gh.labels(issue), ["paused"]);
    });
  });

  describe("with -f", () => {
    it("reads a YAML file", async () => {
      const issue = await request(rotate);
      const file = join(dir, "answer.yaml");
      writeFileSync(file, "decision: deny\nticket: 7\npin: '0000'\n");
      const result = await s.cli("bob", [
        "inquiry",
        "respond",
        `${issue}/approval`,
        "-f",
        file,
      ]);
      await s.stack.settle();

      assert.equal(result.code, 0);
      assert.deepEqual(s.stack.gh.labels(issue), ["denied"]);
    });

    it("names a file it cannot read", async () => {
      const issue = await request(rotate);
      const result = await s.cli("bob", [
        "inquiry",
        "respond",
        `${issue}/approval`,
        "-f",
        join(dir, "missing.yaml"),
      ]);
      assert.match(result.stderr, /^error AR_CLI_RESPONSE_UNREADABLE: /);
    });
  });

  describe("on a terminal", () => {
    it("asks for each field, asks again after a bad value, and never echoes a secret", async () => {
      const issue = await request(rotate);
      const typed = ["maybe", "approve", "12", "", "s3cret-pin"];
      const result = await s.cli(
        "bob",
        ["inquiry", "respond", `${issue}/approval`],
        {
          isTTY: true,
          lines: typed,
        },
      );
      await s.stack.settle();

      const answer = s.stack.gh.comments(issue).find((c) => c.author === "bob");
      assert.equal(result.code, 0);
      assert.match(
        result.stderr,
        /decision \(approve\/deny\): maybe\s+choose one of/,
      );
      assert.match(result.stderr, /pin \(string, hidden\): /);
      assert.doesNotMatch(result.stderr + result.stdout, /s3cret-pin/);
      assert.match(result.stdout, /pin: \*{8}/);
      assert.match(answer?.body ?? "", /ticket: 12\n/);
      assert.doesNotMatch(answer?.body ?? "", /urgent/);
      assert.deepEqual(s.stack.gh.labels(issue), ["succeeded"]);
    });

    it("stops, posting nothing, when input ends before the last field", async () => {
      const issue = await request(rotate);
      const before = commentCount(issue);
      const result = await s.cli(
        "bob",
        ["inquiry", "respond", `${issue}/approval`],
        {
          isTTY: true,
          lines: ["approve"],
        },
      );

      assert.match(result.stderr, /^error AR_CLI_CANCELLED: /m);
      assert.equal(commentCount(issue), before);
    });

    it("is refused without a terminal when no response is given", async () => {
      const issue = await request(rotate);
      const result = await s.cli("bob", [
        "inquiry",
        "respond",
        `${issue}/approval`,
      ]);
      assert.match(result.stderr, /^error AR_CLI_NO_RESPONSE: /);
    });
  });
});
