import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadWorkflow } from "../../src/workflow/load.js";
import { maxYamlDepth, readYaml } from "../../src/workflow/yaml-source.js";

const head = "name: t\ndescription: d\n";
const tail = "tasks:\n  a:\n    action: core.noop\n";

/** `input:` holding `levels` nested flow sequences, plus the top map. */
function flow(levels: number): string {
  const value = `${"[".repeat(levels)}${"]".repeat(levels)}`;
  return `${head}input: ${value}\n${tail}`;
}

/** `levels` block sequences written compactly as `- - - x`. */
function block(levels: number): string {
  return `${head}input:\n  ${"- ".repeat(levels)}x\n${tail}`;
}

describe("YAML nesting depth", () => {
  // The top-level map is one level, so the value may hold max - 1.
  const inside = maxYamlDepth - 1;
  const table: [string, string, { line: number; col: number } | null][] = [
    ["flow sequences at the limit", flow(inside), null],
    ["flow sequences one past it", flow(inside + 1), { line: 3, col: 71 }],
    ["flow sequences 5000 deep", flow(5000), { line: 3, col: 71 }],
    ["block sequences at the limit", block(inside), null],
    ["block sequences one past it", block(inside + 1), { line: 4, col: 129 }],
    ["block sequences 5000 deep", block(5000), { line: 4, col: 129 }],
    [
      "brackets inside a quoted string",
      `${head}x: "${"[".repeat(5000)}"\n`,
      null,
    ],
    ["brackets inside a comment", `${head}# ${"{".repeat(5000)}\n`, null],
    [
      "brackets inside a block scalar",
      `${head}x: |\n  ${"[".repeat(5000)}\n`,
      null,
    ],
  ];
  for (const [what, text, where] of table) {
    it(`${where ? "refuses" : "reads"} ${what}`, () => {
      const { file, problems } = readYaml(text, "t.yaml");
      if (!where) {
        assert.deepEqual(problems, []);
        assert.ok(file);
        return;
      }
      assert.equal(file, undefined);
      assert.equal(problems.length, 1);
      const [problem] = problems;
      assert.equal(problem?.code, "yaml");
      assert.match(problem?.message ?? "", /nested deeper than 64 levels/);
      assert.deepEqual({ line: problem?.line, col: problem?.col }, where);
    });
  }

  it("refuses nesting that only aliases make too deep", () => {
    const half = 40;
    const open = "[".repeat(half);
    const close = "]".repeat(half);
    const text = `a: &a ${open}x${close}\nb: ${open}*a${close}\n`;
    const { file, problems } = readYaml(text, "t.yaml");
    assert.equal(file, undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? "", /nested deeper than 64 levels/);
    assert.equal(problems[0]?.line, 2);
  });

  it("refuses a workflow nested too deeply with one problem", () => {
    const { workflow, problems } = loadWorkflow(flow(5000), "w.yaml", {
      hosts: [],
    });
    assert.equal(workflow, undefined);
    assert.deepEqual(
      problems.map((p) => p.code),
      ["yaml"],
    );
  });
});
