import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseStatusSection } from "../../src/cli/status-table.js";
import { renderIssueBody } from "../../src/engine/render.js";
import type { RunRecord, StepRecord } from "../../src/store/types.js";
import { type CliStack, startCliStack } from "./fixture.js";

describe("approval-runner execution get, against the sandbox", () => {
  let s: CliStack;
  before(async () => {
    s = await startCliStack();
    await s.stack.gh.openIssue("alice", {
      title: "restart",
      body: "/run service_restart_v2 service=crond host=web-1",
    });
    await s.stack.settle();
    await s.stack.gh.comment("bob", 1, "/approved");
    await s.stack.settle();
  });
  after(() => s?.close());

  it("prints the run's status table as its issue holds it", async () => {
    const { code, stdout } = await s.cli("carol", ["execution", "get", "1"]);
    const lines = stdout.split("\n");

    assert.equal(code, 0);
    assert.match(lines[0]!, /^Run 1: service_restart_v2 — succeeded$/);
    assert.match(stdout, /^Issue acme\/ops#1, closed \(completed\): /m);
    assert.match(stdout, /^approval +core\.ask +succeeded +@bob /m);
    assert.match(stdout, /^restart +ssh\.run +succeeded /m);
  });

  const ids = ["#1", "acme/ops#1", `ISSUE_URL`];
  for (const id of ids) {
    it(`reads the same run given ${id}`, async () => {
      const given =
        id === "ISSUE_URL" ? `${s.stack.gh.webUrl}/acme/ops/issues/1` : id;
      const { stdout } = await s.cli("carol", [
        "execution",
        "get",
        given,
        "--json",
      ]);
      const run = JSON.parse(stdout);

      assert.equal(run.number, 1);
      assert.deepEqual(run.run.input, { service: "crond", host: "web-1" });
      assert.deepEqual(
        run.steps.map((step: { task: string; status: string }) => [
          step.task,
          step.status,
        ]),
        [
          ["approval", "succeeded"],
          ["restart", "succeeded"],
        ],
      );
    });
  }

  it("refuses an issue number that is not a number", async () => {
    const result = await s.cli("carol", ["execution", "get", "one"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error AR_CLI_OPTION: /);
  });
});

describe("the status table, read back", () => {
  // Only the fields the status section shows.
  const run = {
    id: 9,
    workflow: "w",
    workflowPath: "workflows/w.yaml",
    workflowSha: "0123456789abcdef",
    status: "paused",
    requesterLogin: "alice",
    requesterId: 2,
    input: { a: 1 },
  } as unknown as RunRecord;
  const step = (task: string, fields: Partial<StepRecord>) =>
    ({
      task,
      action: "core.ask",
      status: "paused",
      actor: null,
      startedAt: null,
      finishedAt: null,
      ...fields,
    }) as StepRecord;
  const cases: [string, StepRecord[], string[][]][] = [
    ["no steps yet", [], []],
    [
      "a paused inquiry",
      [step("approval", {})],
      [["approval", "core.ask", "paused", ""]],
    ],
    [
      "a step with several answerers",
      [
        step("approval", {
          status: "succeeded",
          actor: "bob, carol",
          startedAt: 0,
          finishedAt: 1500,
        }),
      ],
      [["approval", "core.ask", "succeeded", "@bob, carol"]],
    ],
  ];
  for (const [what, steps, expected] of cases) {
    it(`reads ${what}`, () => {
      const body = renderIssueBody("/run w a=1", run, steps);
      const section = parseStatusSection(body)!;

      assert.equal(section.workflowPath, "workflows/w.yaml");
      assert.equal(section.requestedBy, "alice");
      assert.match(section.heading, /^Run 9: `w` — paused$/);
      assert.deepEqual(
        section.steps.map((s) => [s.task, s.action, s.status, s.who]),
        expected,
      );
    });
  }

  it("finds nothing in a body without a status section", () => {
    assert.equal(parseStatusSection("/run w a=1"), undefined);
  });
});
