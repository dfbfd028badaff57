import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadWorkflow } from "../../src/workflow/load.js";

const options = { hosts: ["web-1"] };

function load(text: string) {
  return loadWorkflow(text, "workflows/t.yaml", options);
}

function withTasks(tasks: string): string {
  return `name: t
description: d
input: { type: object, properties: {} }
tasks:
${tasks}`;
}

const noop = "  a:\n    action: core.noop\n";

describe("a workflow nested deeper than the YAML parser's stack", () => {
  const deep = `name: t
description: d
input: ${"[".repeat(5000)}${"]".repeat(5000)}
tasks:
${noop}`;

  it("is refused with one problem that says it nests too deeply", () => {
    const { workflow, problems } = load(deep);
    assert.equal(workflow, undefined);
    assert.equal(problems.length, 1);
    assert.doesNotMatch(problems[0]!.message, /call stack/i);
  });

  it("is refused, whatever the wording (what holds)", () => {
    const { workflow, problems } = load(deep);
    assert.equal(workflow, undefined);
    assert.ok(problems.length > 0);
  });
});

describe("YAML features in workflow files (what holds)", () => {
  const table: Array<[string, string, string | undefined]> = [
    ["a duplicate task key", withTasks(noop + noop), "yaml"],
    [
      "a merge key <<",
      withTasks("  base: &b\n    action: core.noop\n  a:\n    <<: *b\n"),
      "schema",
    ],
    ["a second document", `${withTasks(noop)}---\nname: x\n`, "yaml"],
    [
      "a !!binary description",
      withTasks(noop).replace("description: d", "description: !!binary aGk="),
      "schema",
    ],
  ];
  for (const [what, text, code] of table) {
    it(`refuses ${what} with a ${code} problem`, () => {
      const { workflow, problems } = load(text);
      assert.equal(workflow, undefined);
      assert.equal(problems[0]?.code, code);
    });
  }

  it("reads a !!js/function tag as a plain string, never code", () => {
    const text = withTasks('  a:\n    action: !!js/function "f(){}"\n');
    const { problems } = load(text);
    assert.deepEqual(
      problems.map((p) => p.code),
      ["unknown-action"],
    );
  });

  it("loads tasks named __proto__, constructor and toString as tasks", () => {
    const text = withTasks(`  __proto__:
    action: core.noop
  constructor:
    action: core.noop
    next: [ { do: __proto__ } ]
  toString:
    action: core.noop
    next: [ { do: constructor } ]
`);
    const { workflow, problems } = load(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(workflow!.tasks).sort(), [
      "__proto__",
      "constructor",
      "toString",
    ]);
    assert.equal(Object.getPrototypeOf({}).constructor, Object);
  });

  it("refuses a cycle of next with no task to start from", () => {
    const text = withTasks(`  a:
    action: core.noop
    next: [ { do: b } ]
  b:
    action: core.noop
    next: [ { do: a } ]
`);
    assert.equal(load(text).problems[0]?.code, "no-start");
  });
});
