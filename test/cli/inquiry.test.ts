import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readCommentText } from "../../src/github/markers.js";
import { type CliStack, startCliStack } from "./fixture.js";

describe("approval-runner inquiry list and get, against the sandbox", () => {
  let s: CliStack;
  before(async () => {
    s = await startCliStack();
    const { gh } = s.stack;
    await gh.openIssue("alice", {
      title: "restart",
      body: "/run service_restart_v2 service=crond host=web-1",
    });
    await gh.openIssue("alice", {
      title: "rotate",
      body: "/run rotate_key host=web-2",
    });
    await gh.openIssue("alice", { title: "chat", body: "not a request" });
    gh.addRepo("quiet");
    await s.stack.settle();
  });
  after(() => s?.close());

  describe("inquiry list", () => {
    it("shows each waiting inquiry with its id and comment id", async () => {
      const { code, stdout } = await s.cli("bob", ["inquiry", "list"]);
      const ids = stdout.match(/acme\/ops#\d+\/\w+/g);
      const commentIds = inquiryComments(s).map(String);

      assert.equal(code, 0);
      assert.deepEqual(ids, ["acme/ops#1/approval", "acme/ops#2/approval"]);
      for (const id of commentIds) assert.match(stdout, new RegExp(id));
    });

    it("prints one JSON line per inquiry with --json", async () => {
      const { stdout } = await s.cli("bob", ["inquiry", "list", "--json"]);
      const rows = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));

      assert.deepEqual(
        rows.map((r) => [r.id, r.kind, r.open, r.workflow, r.run]),
        [
          ["acme/ops#1/approval", "ask", true, "service_restart_v2", 1],
          ["acme/ops#2/approval", "ask", true, "rotate_key", 2],
        ],
      );
    });

    it("says so when nothing waits", async () => {
      const { code, stdout } = await s.cli("bob", [
        "inquiry",
        "list",
        "--repo",
        "acme/quiet",
      ]);
      assert.equal(code, 0);
      assert.match(
        stdout,
        /^No inquiry waits for an answer in acme\/quiet\.$/m,
      );
    });
  });

  describe("inquiry get", () => {
    it("shows the fields of the schema at the pinned commit, secret ones marked", async () => {
      const { code, stdout } = await s.cli("bob", [
        "inquiry",
        "get",
        "#2/approval",
      ]);
      assert.equal(code, 0);
      assert.match(stdout, /^ {2}decision \(approve\/deny, required\)$/m);
      assert.match(stdout, /^ {2}ticket \(integer, required\): .*web-2$/m);
      assert.match(stdout, /^ {2}urgent \(boolean, optional\)$/m);
      assert.match(stdout, /^ {2}pin \(string, required, secret\)$/m);
      assert.doesNotMatch(stdout, /<!--/);
    });

    it("finds the same inquiry by the id of the comment that asked it", async () => {
      const [, second] = inquiryComments(s);
      const byComment = await s.cli("bob", [
        "inquiry",
        "get",
        String(second),
        "--json",
      ]);
      const byTask = await s.cli("bob", [
        "inquiry",
        "get",
        "acme/ops#2/approval",
        "--json",
      ]);
      const found = JSON.parse(byComment.stdout);

      assert.deepEqual(found, JSON.parse(byTask.stdout));
      assert.equal(found.id, "acme/ops#2/approval");
      assert.equal(found.schema.properties.pin.secret, true);
    });

    const refusals: [string, string[], string][] = [
      ["an unknown task", ["#1/nope"], "AR_CLI_NOT_FOUND"],
      ["an issue that holds no run", ["#3/approval"], "AR_CLI_NOT_FOUND"],
      ["a malformed id", ["acme/ops/1"], "AR_CLI_OPTION"],
      ["a wrong token", ["#1/approval", "--token", "ghp_x"], "AR_CLI_GITHUB"],
    ];
    for (const [what, args, code] of refusals) {
      it(`refuses ${what} with ${code}`, async () => {
        const result = await s.cli("bob", ["inquiry", "get", ...args]);
        assert.equal(result.code, 1);
        assert.match(result.stderr, new RegExp(`^error ${code}: `));
      });
    }
  });
});

/** The ids of the app's inquiry comments on issues 1 and 2. */
function inquiryComments(s: CliStack): number[] {
  return [1, 2].map(
    (n) =>
      s.stack.gh
        .comments(n)
        .find((c) => c.body.includes("approval-runner:step-"))!.id,
  );
}

describe("a comment's text, as the CLI shows it", () => {
  const cases: [string, string][] = [
    ["Done.\n\n<!-- approval-runner:finished -->", "Done."],
    [
      "No.\n\n<!-- approval-runner-code:AR_REPLY_INVALID -->\n\n<!-- approval-runner:answer-5 -->",
      "No.",
    ],
    // Markers anywhere but the end are text: shown, as GitHub has them.
    [
      "a <!-- approval-runner:state e30= --> b",
      "a <!-- approval-runner:state e30= --> b",
    ],
    [
      "<!-- approval-runner:finished -->\nafter",
      "<!-- approval-runner:finished -->\nafter",
    ],
    ["<!-- a person's own comment -->", "<!-- a person's own comment -->"],
  ];
  for (const [body, shown] of cases) {
    it(`shows ${JSON.stringify(shown)}`, () => {
      assert.equal(readCommentText(body), shown);
    });
  }
});
