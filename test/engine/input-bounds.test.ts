import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { yamlBlock, yamlText } from "../../src/engine/render.js";
import {
  inputBoundProblems,
  maxInputChars,
  maxInputDepth,
} from "../../src/engine/request.js";

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** `[[…1…]]`, `depth` arrays deep. */
function listed(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("the bounds on a request's input", () => {
  const cases: [string, Record<string, unknown>, RegExp | undefined][] = [
    ["flat values", { service: "crond", n: 3, on: true }, undefined],
    ["objects as deep as allowed", { x: nested(maxInputDepth) }, undefined],
    ["arrays as deep as allowed", { x: listed(maxInputDepth) }, undefined],
    ["one object too deep", { x: nested(maxInputDepth + 1) }, /^`x` nests/],
    ["one array too deep", { y: listed(maxInputDepth + 1) }, /^`y` nests/],
    ["objects 100,000 deep", { z: nested(100_000) }, /^`z` nests/],
    [
      "a mix that reaches too deep",
      { m: nested(maxInputDepth, [{ b: 1 }]) },
      /^`m` nests/,
    ],
    [
      "as many characters as allowed",
      { s: "x".repeat(maxInputChars - 8) },
      undefined,
    ],
    [
      "one character too many",
      { s: "x".repeat(maxInputChars - 7) },
      /takes 16385 characters/,
    ],
  ];
  for (const [name, input, problem] of cases) {
    it(`${problem ? "refuses" : "takes"} ${name}`, () => {
      const problems = inputBoundProblems(input);
      if (!problem) return assert.deepEqual(problems, []);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, problem);
    });
  }

  it("names every field that nests too deep", () => {
    const input = { a: nested(40), b: 1, c: listed(40) };
    const problems = inputBoundProblems(input);
    assert.deepEqual(
      problems.map((p) => p.split(" ")[0]),
      ["`a`", "`c`"],
    );
  });
});

describe("a value shown as YAML", () => {
  it("shows an ordinary value as YAML", () => {
    assert.equal(yamlText({ service: "crond" }), "service: crond");
    assert.equal(yamlBlock({ n: 1 }), "```yaml\nn: 1\n```");
  });

  it("shows a value 100,000 levels deep without throwing", () => {
    const text = yamlText(nested(100_000));
    assert.match(text, /nested deeper than 32 levels/);
    assert.ok(text.length < 5_000, `${text.length} characters`);
  });

  it("keeps a __proto__ key as data", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    assert.match(yamlText(value), /__proto__:\n\s+polluted: true/);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});
