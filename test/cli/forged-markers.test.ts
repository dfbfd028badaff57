import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { appLoginOf } from "../../src/cli/app-option.js";
import { isAppError } from "../../src/errors.js";
import { statusStart } from "../../src/github/markers.js";
import { type CliStack, startCliStack } from "./fixture.js";

const restart = "/run service_restart_v2 service=crond host=web-1";
const appBot = "approval-runner[bot]";

interface Listed {
  id: string;
  commentId: number;
  open: boolean;
}

interface Event {
  issue: number;
  kind: string;
  actor?: string;
  key?: string;
  url?: string;
  text?: string;
}

describe("markers the CLI does not trust, against the sandbox", () => {
  let s: CliStack;
  let asked: { id: number; body: string };
  before(async () => {
    s = await startCliStack();
    await s.stack.gh.openIssue("alice", { title: "restart", body: restart });
    await s.stack.settle();
    asked = s.stack.gh
      .comments(1)
      .find((c) => c.author === appBot && /inquiry -->$/.test(c.body))!;
  });
  after(() => s?.close());

  async function listed(args: string[] = []): Promise<Listed[]> {
    const result = await s.cli("bob", ["inquiry", "list", "--json", ...args]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  async function exported(): Promise<Event[]> {
    const result = await s.cli("carol", ["audit", "export"]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  async function post(login: string, body: string): Promise<number> {
    const made = await s.stack.gh.comment(login, 1, body);
    await s.stack.settle();
    return made.id;
  }

  describe("a copied inquiry comment", () => {
    // Another step's key, so it is not simply a second asking of step 1.
    const copy = () => asked.body.replace(/step-\d+\//, "step-99/");
    for (const author of ["Mallory", "helper-bot[bot]"]) {
      it(`by ${author} is not listed or found as an inquiry`, async () => {
        const forged = await post(author, copy());
        const get = await s.cli("bob", ["inquiry", "get", String(forged)]);

        assert.match(copy(), /<!-- approval-runner:step-99\/inquiry -->$/);
        assert.deepEqual(
          (await listed()).map((i) => i.commentId),
          [asked.id],
        );
        assert.match(get.stderr, /^error AR_CLI_NOT_FOUND: /);
      });

      it(`by ${author} is a plain comment in the audit export`, async () => {
        const events = await exported();
        const theirs = events.filter((e) => e.actor === author);

        assert.ok(theirs.length > 0);
        for (const event of theirs) {
          assert.equal(event.kind, "comment");
          assert.equal(event.key, undefined);
        }
      });
    }
  });

  describe("the app's own comment with a marker not on its last line", () => {
    const bodies: [string, string][] = [
      [
        "mid-line",
        "Quoted (task `approval`): <!-- approval-runner:step-98/inquiry --> ok",
      ],
      [
        "on a line above the text",
        "<!-- approval-runner:step-97/inquiry -->\nAsked (task `approval`).",
      ],
    ];
    for (const [where, body] of bodies) {
      it(`is no inquiry and has no key when it stands ${where}`, async () => {
        const id = await post(appBot, body);
        const event = (await exported()).find((e) => e.url?.endsWith(`-${id}`));

        assert.deepEqual(
          (await listed()).map((i) => i.commentId),
          [asked.id],
        );
        assert.equal(event?.actor, appBot);
        assert.equal(event?.key, undefined);
        assert.equal(event?.text, body);
      });
    }
  });

  describe("--app", () => {
    it("counts only the comments of the app it names", async () => {
      assert.deepEqual(await listed(["--app", "other-app"]), []);
      assert.equal((await listed(["--app", "approval-runner"])).length, 1);
    });

    it("is read from APPROVAL_RUNNER_APP when not given", () => {
      const env = { APPROVAL_RUNNER_APP: "ops-gate" };
      assert.equal(appLoginOf({}, env), "ops-gate[bot]");
      assert.equal(appLoginOf({}, {}), appBot);
      assert.equal(appLoginOf({ app: "Ops-Gate[bot]" }, env), "ops-gate[bot]");
    });

    for (const bad of [
      "",
      "-x",
      "a b",
      "x[bot][bot]",
      "a/b",
      "x".repeat(101),
    ]) {
      it(`refuses ${JSON.stringify(bad.slice(0, 12))}`, () => {
        assert.throws(
          () => appLoginOf({ app: bad }, {}),
          (err) => isAppError(err, "AR_CLI_OPTION"),
        );
      });
    }
  });

  describe("a status section the requester writes above the app's", () => {
    const fake = [
      statusStart,
      "---",
      "### Run 1: `service_restart_v2` — succeeded",
      "",
      "Workflow `workflows/fake.yaml` at `000000000000`, requested by @bob.",
      "",
      "| task | action | status | who | when (UTC) | duration |",
      "| --- | --- | --- | --- | --- | --- |",
      "| `approval` | `core.ask` | ✅ succeeded | @bob | 2026-01-01 00:00 | 1s |",
      "<!-- approval-runner:status-end -->",
      "",
      "",
    ].join("\n");

    it("is not read as the run's table", async () => {
      const { number } = await s.stack.gh.openIssue("alice", {
        title: "restart",
        body: restart,
      });
      await s.stack.settle();
      const body = s.stack.gh.issue(number)?.body ?? "";
      const at = body.indexOf(statusStart);
      const edited = `${body.slice(0, at)}${fake}${body.slice(at)}`;
      await s.stack.gh.editIssue("alice", number, { body: edited });
      await s.stack.settle();
      const shown = await s.cli("carol", ["execution", "get", `${number}`]);
      const run = JSON.parse(
        (await s.cli("carol", ["execution", "get", `${number}`, "--json"]))
          .stdout,
      );

      // The fake is still in the body, above the app's section.
      const now = s.stack.gh.issue(number)?.body ?? "";
      assert.ok(now.indexOf("fake.yaml") < now.lastIndexOf(statusStart));
      assert.equal(run.workflowPath, "workflows/service_restart_v2.yaml");
      assert.equal(run.requester, "alice");
      assert.deepEqual(
        run.steps.map((r: { task: string; status: string }) => [
          r.task,
          r.status,
        ]),
        [["approval", "paused"]],
      );
      assert.match(run.request, /fake\.yaml/);
      assert.match(shown.stdout, /^approval +core\.ask +paused /m);
      const open = (await listed()).map((i) => i.id);
      assert.ok(open.includes(`acme/ops#${number}/approval`));
    });
  });
});

describe("inquiry respond --wait, with a forged verdict in the thread", () => {
  let s: CliStack;
  before(async () => {
    s = await startCliStack();
  });
  after(() => s?.close());

  it("prints the app's verdict, not a person's comment keyed like it", async () => {
    const { number } = await s.stack.gh.openIssue("alice", {
      title: "restart",
      body: restart,
    });
    await s.stack.settle();
    const forged = await s.stack.gh.comment("Mallory", number, "draft");
    await s.stack.settle();
    // Comment ids count up: the CLI's answer is the next comment made.
    const next = Math.max(...s.stack.gh.comments(number).map((c) => c.id)) + 1;
    const fake = `Approved, go ahead.\n\n<!-- approval-runner:answer-${next} -->`;
    await s.stack.gh.editComment("Mallory", forged.id, fake);
    await s.stack.settle();
    const result = await s.cli("alice", [
      "inquiry",
      "respond",
      `${number}/approval`,
      "-r",
      '{"secondfactor": "approved"}',
      // Ends as soon as the verdict is there; the rest is for a slow machine.
      "--wait",
      "60",
    ]);
    const answer = s.stack.gh
      .comments(number)
      .find((c) => c.author === "alice");

    assert.equal(answer?.id, next);
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout, /go ahead/);
    assert.match(result.stdout, /@alice/);
  });
});
