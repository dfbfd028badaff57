import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { loadWorkflow } from "../../src/workflow/load.js";
import type { Problem, ProblemCode } from "../../src/workflow/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const fixtures = path.join(repo, "test/fixtures/workflows");
const options = { hosts: ["web-1", "web-2"] };

function load(file: string, opts = options) {
  const text = readFileSync(path.join(fixtures, file), "utf8");
  return loadWorkflow(text, `workflows/${path.basename(file)}`, opts);
}

function brief(problems: Problem[]) {
  return problems.map((p) => ({ code: p.code, line: p.line, col: p.col }));
}

describe("loading the shipped workflows", () => {
  const dir = path.join(repo, "workflows");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

  it("finds the three service_restart runbooks", () => {
    assert.deepEqual(files.sort(), [
      "service_restart_v1.yaml",
      "service_restart_v2.yaml",
      "service_restart_v3.yaml",
    ]);
  });

  for (const file of files) {
    it(`loads ${file} with no problems`, () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const result = loadWorkflow(text, `workflows/${file}`, options);
      assert.deepEqual(result.problems, []);
      assert.equal(result.workflow?.name, file.replace(".yaml", ""));
      assert.ok(Object.keys(result.workflow?.output ?? {}).length > 0);
    });

    it(`refuses ${file} when the inventory lacks web-2`, () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const result = loadWorkflow(text, file, { hosts: ["web-1"] });
      assert.deepEqual(
        result.problems.map((p) => p.code),
        ["host"],
      );
      assert.equal(result.workflow, undefined);
    });
  }

  it("routes v3 from the approval through duo.auth to the restart", () => {
    const { workflow } = load("../../../workflows/service_restart_v3.yaml");
    assert.ok(workflow);
    assert.deepEqual(workflow.start, ["approval"]);
    assert.deepEqual(workflow.tasks["approval"]?.next[0]?.do, [
      "second_factor",
    ]);
    assert.equal(workflow.tasks["second_factor"]?.action, "duo.auth");
    assert.deepEqual(workflow.tasks["second_factor"]?.input, {
      factor: "passcode",
      for: "approval",
    });
    const restart = workflow.tasks["restart"]?.input;
    assert.equal(restart?.["sudo"], true);
    const properties = workflow.input["properties"] as object;
    assert.deepEqual(Object.keys(properties), ["service", "host"]);
  });
});

describe("loading a workflow that uses every construct", () => {
  const { workflow, problems } = load("valid/everything.yaml");

  it("has no problems", () => {
    assert.deepEqual(problems, []);
  });

  it("starts with the tasks no transition leads to", () => {
    assert.deepEqual(workflow?.start, ["approval"]);
  });

  it("reads publish lists, comma-separated do, and an absent when", () => {
    const first = workflow?.tasks["approval"]?.next[0];
    assert.deepEqual(first?.publish, {
      answer: "{{ result().response.decision }}",
      tries: 0,
    });
    assert.deepEqual(first?.do, ["check", "factor"]);
    const last = workflow?.tasks["restart"]?.next[2];
    assert.equal(last?.when, undefined);
    assert.deepEqual(last?.do, []);
  });

  it("fills action defaults and the inquiry a factor confirms", () => {
    assert.equal(workflow?.tasks["approval"]?.input["approvals"], 1);
    assert.deepEqual(workflow?.tasks["factor"]?.input, {
      factor: "passcode",
      for: "approval",
    });
  });

  it("records where tasks, transitions and inputs were written", () => {
    const approval = workflow?.tasks["approval"];
    assert.deepEqual(approval?.pos, { line: 18, col: 3 });
    assert.deepEqual(approval?.next[0]?.pos, { line: 29, col: 9 });
    assert.deepEqual(approval?.inputPos["route"], { line: 21, col: 14 });
  });

  it("keeps requesters and the native format", () => {
    assert.deepEqual(workflow?.requesters, {
      users: [],
      teams: ["ops"],
      roles: [],
    });
    assert.equal(workflow?.format, "native");
    assert.equal(workflow?.path, "workflows/everything.yaml");
  });
});

describe("problems in a workflow file", () => {
  const cases: [string, ProblemCode, number, number][] = [
    ["yaml-syntax", "yaml", 6, 3],
    ["duplicate-key", "yaml", 5, 3],
    ["not-a-map", "schema", 1, 1],
    ["schema-unknown-field", "schema", 5, 5],
    ["schema-missing-action", "schema", 4, 5],
    ["schema-input-type", "schema", 3, 9],
    ["schema-input-invalid", "schema", 6, 13],
    ["schema-input-pattern", "schema", 3, 3],
    ["unknown-action", "unknown-action", 4, 13],
    ["unknown-task-do", "unknown-task", 6, 22],
    ["unknown-task-expression", "unknown-task", 6, 19],
    ["unknown-variable", "unknown-variable", 12, 65],
    ["expression-syntax", "expression", 9, 49],
    ["expression-block", "expression", 13, 43],
    ["expression-unclosed", "expression", 7, 36],
    ["expression-when-text", "expression", 6, 15],
    ["expression-result-in-input", "expression", 7, 25],
    ["action-input-type", "action-input", 7, 12],
    ["action-input-missing", "action-input", 3, 3],
    ["action-input-role", "action-input", 6, 22],
    ["inquiry-schema", "action-input", 8, 9],
    ["command-sole", "action-input", 11, 16],
    ["duo-alone", "action-input", 3, 3],
    ["duo-for", "action-input", 8, 19],
    ["host-literal", "host", 6, 13],
    ["host-enum", "host", 5, 41],
    ["host-free", "host", 10, 13],
    ["host-published", "host", 12, 13],
    ["host-mixed", "host", 10, 13],
    ["host-list", "host", 6, 22],
    ["host-both", "action-input", 7, 14],
    ["no-approver", "no-approver", 3, 3],
    ["endless-loop", "endless-loop", 6, 3],
    ["no-start", "no-start", 3, 3],
  ];
  for (const [file, code, line, col] of cases) {
    it(`reports ${file} as ${code} at ${line}:${col}`, () => {
      const result = load(`problems/${file}.yaml`);
      assert.deepEqual(brief(result.problems), [{ code, line, col }]);
      assert.equal(result.workflow, undefined);
      assert.equal(result.problems[0]?.path, `workflows/${file}.yaml`);
    });
  }

  it("reports each unreachable task of a detached loop", () => {
    const result = load("problems/unreachable.yaml");
    assert.deepEqual(brief(result.problems), [
      { code: "unreachable", line: 5, col: 3 },
      { code: "unreachable", line: 8, col: 3 },
    ]);
  });

  it("names the undefined variable and the declared inputs", () => {
    const [problem] = load("problems/unknown-variable.yaml").problems;
    assert.match(problem?.message ?? "", /^`username` is not defined/);
    assert.match(problem?.message ?? "", /`service`, `duo_username`/);
  });

  it("says which actions are known", () => {
    const [problem] = load("problems/unknown-action.yaml").problems;
    assert.match(problem?.message ?? "", /`ssh\.run`/);
  });

  it("reports every problem of a file, in file order", () => {
    const text = [
      "name: many",
      "tasks:",
      "  first:",
      "    action: nope.nope",
      "    next: [ { do: ghost } ]",
      "  second:",
      "    action: ssh.run",
      "    input: { host: db-1, command: 'echo {{ ctx().x }}' }",
    ].join("\n");
    const result = loadWorkflow(text, "many.yaml", options);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.line]),
      [
        ["unknown-action", 4],
        ["unknown-task", 5],
        ["host", 8],
        ["unknown-variable", 8],
      ],
    );
  });
});

describe("hostile workflow files", () => {
  it("refuses an alias bomb without expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [name, prev] of ["ba", "cb", "dc", "ed", "fe", "gf"]) {
      lines.push(
        `${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`,
      );
    }
    const result = loadWorkflow(lines.join("\n"), "bomb.yaml", options);
    assert.deepEqual(brief(result.problems), [
      { code: "yaml", line: 2, col: 8 },
    ]);
  });

  it("refuses a 1 MB file before parsing it", () => {
    const text = `name: big\n# ${"x".repeat(1024 * 1024)}\n`;
    const result = loadWorkflow(text, "big.yaml", options);
    assert.deepEqual(brief(result.problems), [
      { code: "too-large", line: 1, col: 1 },
    ]);
  });

  it("refuses more tasks than a workflow may hold", () => {
    const tasks = Object.fromEntries(
      Array.from({ length: 201 }, (_, i) => [`t${i}`, { action: "core.noop" }]),
    );
    const text = stringify({ name: "wide", tasks });
    const result = loadWorkflow(text, "wide.yaml", options);
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ["schema"],
    );
  });

  it("keeps names from the file inside their code span in messages", () => {
    const text = [
      "name: spans",
      "tasks:",
      "  restart:",
      "    action: ssh.run",
      '    input: { host: "x` @org/all\\n# big", command: date }',
    ].join("\n");
    const [problem] = loadWorkflow(text, "spans.yaml", options).problems;
    assert.equal(problem?.code, "host");
    assert.ok(problem?.message.startsWith("host `x  @org/all # big` is"));
  });

  it("treats prototype names as ordinary keys", () => {
    const text = [
      "name: proto",
      "tasks:",
      "  __proto__:",
      "    action: core.noop",
      "    input: { constructor: 1 }",
    ].join("\n");
    const result = loadWorkflow(text, "proto.yaml", options);
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ["action-input"],
    );
    assert.equal(({} as Record<string, unknown>)["action"], undefined);
  });
});
