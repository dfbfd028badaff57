import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ExpressionError,
  evaluate,
  isTruthy,
  parseExpression,
  references,
} from "../../src/workflow/expression.js";
import type { Scope } from "../../src/workflow/types.js";

const scope: Scope = {
  ctx: {
    service: "crond",
    host: "web-1",
    count: 3,
    tags: ["a", "b"],
    nested: { deep: { value: 42 }, list: [10, 20] },
    empty: null,
  },
  tasks: {
    approval: {
      status: "succeeded",
      result: { response: { decision: "approve" } },
    },
  },
  current: {
    status: "succeeded",
    result: { response: { secondfactor: "ok" } },
  },
};

const failedScope: Scope = {
  ...scope,
  current: { status: "failed", result: { stderr: "boom" } },
};

describe("expression evaluation", () => {
  const cases: [string, unknown][] = [
    ["'text'", "text"],
    ['"double"', "double"],
    ["'it\\'s'", "it's"],
    ["42", 42],
    ["3.5", 3.5],
    ["-3", -3],
    ["true", true],
    ["True", true],
    ["false", false],
    ["False", false],
    ["null", null],
    ["None", null],
    ["ctx().service", "crond"],
    ["ctx('service')", "crond"],
    ["ctx(service)", "crond"],
    ["_.service", "crond"],
    ["$.service", "crond"],
    ["ctx().nested.deep.value", 42],
    ["ctx().nested['deep']['value']", 42],
    ["ctx().nested.list[1]", 20],
    ["ctx().nested.list[5]", null],
    ["ctx().nested.missing", null],
    ["ctx().nested.missing.more", null],
    ["ctx().tags.length", 2],
    ["task('approval').result.response.decision", "approve"],
    ["task(approval).status", "succeeded"],
    ["task('later')", null],
    ["result().response.secondfactor", "ok"],
    ["succeeded()", true],
    ["failed()", false],
    ["completed()", true],
    ["ctx().count == 3", true],
    ["ctx().count = 3", true],
    ["ctx().count != 3", false],
    ["ctx().count < 4", true],
    ["ctx().count <= 3", true],
    ["ctx().count > 3", false],
    ["ctx().count >= 3", true],
    ["'abc' < 'abd'", true],
    ["ctx().tags == ['a', 'b']", true],
    ["ctx().nested.deep == []", false],
    ["'a' in ctx().tags", true],
    ["'z' not in ctx().tags", true],
    ["'ron' in ctx().service", true],
    ["'deep' in ctx().nested", true],
    ["'x' in ctx().empty", false],
    ["ctx().count + 1", 4],
    ["'sys' + 'temd'", "systemd"],
    ["true and false", false],
    ["true && 'yes'", "yes"],
    ["false or 'fallback'", "fallback"],
    ["false || null", null],
    ["not true", false],
    ["!ctx().empty", true],
    ["not ctx().count == 4", true],
    ["(1 + 2) == 3 and not failed()", true],
    ["succeeded() and result().response.secondfactor == 'ok'", true],
  ];
  for (const [source, expected] of cases) {
    it(`evaluates ${source}`, () => {
      assert.deepEqual(evaluate(source, scope), expected);
    });
  }

  it("sees a failed task through failed() and result()", () => {
    assert.equal(evaluate("failed()", failedScope), true);
    assert.equal(evaluate("result().stderr", failedScope), "boom");
  });

  it("stops at the first false operand of and", () => {
    assert.equal(evaluate("false and ctx().nope", scope), false);
  });
});

describe("expression safety", () => {
  const reads = [
    "ctx().nested.constructor",
    "ctx().nested.__proto__",
    "ctx().nested['__proto__']",
    "ctx().nested['constructor']['prototype']",
    "ctx().tags.constructor",
    "ctx().service.constructor",
    "ctx().service.length",
    "task('approval').constructor",
    "task('__proto__')",
    "task('toString')",
    "_.nested.deep.__proto__.polluted",
    "ctx()['toString']",
    "ctx().nested.hasOwnProperty",
  ];
  for (const source of reads) {
    it(`yields null for ${source}`, () => {
      assert.equal(evaluate(source, scope), null);
    });
  }

  it("yields null for an own __proto__ key of parsed JSON", () => {
    const ctx = { data: JSON.parse('{"__proto__": {"x": 1}}') };
    const own = { ctx, tasks: {} };
    assert.equal(evaluate("ctx().data.__proto__", own), null);
  });

  it("refuses prototype names as variables", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      assert.throws(
        () => evaluate(`ctx().${name}`, scope),
        (e: unknown) =>
          e instanceof ExpressionError && e.code === "AR_EXPRESSION_UNDEFINED",
      );
    }
  });

  it("leaves Object.prototype untouched", () => {
    evaluate("_.nested.__proto__", scope);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  it("reads class instances as nothing", () => {
    const odd = {
      ctx: { when: new Date(0), map: new Map([["a", 1]]) },
      tasks: {},
    };
    assert.equal(evaluate("ctx().when.getTime", odd), null);
    assert.equal(evaluate("ctx().map.size", odd), null);
  });
});

describe("expression errors", () => {
  const syntax: [string, string, number][] = [
    ["ctx().service == )", "AR_EXPRESSION_SYNTAX", 17],
    ["ctx().service ==", "AR_EXPRESSION_SYNTAX", 16],
    ["'unterminated", "AR_EXPRESSION_SYNTAX", 13],
    ["7*7", "AR_EXPRESSION_SYNTAX", 1],
    ["eval('x')", "AR_EXPRESSION_SYNTAX", 0],
    ["service", "AR_EXPRESSION_SYNTAX", 0],
    ["ctx().a ctx().b", "AR_EXPRESSION_SYNTAX", 8],
    ["1 < 2 < 3", "AR_EXPRESSION_SYNTAX", 6],
    ["(1 + 2", "AR_EXPRESSION_SYNTAX", 6],
    ["ctx().", "AR_EXPRESSION_SYNTAX", 6],
    ["task()", "AR_EXPRESSION_SYNTAX", 5],
    ["a = 1", "AR_EXPRESSION_SYNTAX", 0],
    ["ctx().x = = 1", "AR_EXPRESSION_SYNTAX", 10],
    ["ctx()[", "AR_EXPRESSION_SYNTAX", 6],
    ["", "AR_EXPRESSION_SYNTAX", 0],
    [`${"(".repeat(65)}1${")".repeat(65)}`, "AR_EXPRESSION_LIMIT", 64],
    [`${"not ".repeat(70)}true`, "AR_EXPRESSION_LIMIT", 256],
    [Array(70).fill("1").join(" + "), "AR_EXPRESSION_LIMIT", -1],
    [`'${"x".repeat(4100)}'`, "AR_EXPRESSION_LIMIT", 0],
  ];
  // An offset of -1: the error may point anywhere in the expression.
  for (const [source, code, offset] of syntax) {
    it(`rejects ${source.slice(0, 40)} at offset ${offset}`, () => {
      assert.throws(
        () => parseExpression(source),
        (e: unknown) =>
          e instanceof ExpressionError &&
          e.code === code &&
          (offset === -1 || e.offset === offset),
      );
    });
  }

  it("says what it found, where, and what it expected", () => {
    assert.throws(() => parseExpression("ctx().service == )"), {
      message: "unexpected `)` at column 18; expected a value",
    });
  });

  const runtime: [string, string][] = [
    ["ctx().username", "AR_EXPRESSION_UNDEFINED"],
    ["_.username", "AR_EXPRESSION_UNDEFINED"],
    ["ctx().count < 'a'", "AR_EXPRESSION_TYPE"],
    ["ctx().count + 'a'", "AR_EXPRESSION_TYPE"],
    ["-ctx().service", "AR_EXPRESSION_TYPE"],
    ["1 in 2", "AR_EXPRESSION_TYPE"],
  ];
  for (const [source, code] of runtime) {
    it(`fails to evaluate ${source} with ${code}`, () => {
      assert.throws(
        () => evaluate(source, scope),
        (e: unknown) => e instanceof ExpressionError && e.code === code,
      );
    });
  }

  it("names the missing variable and the ones that exist", () => {
    assert.throws(
      () => evaluate("ctx().username", scope),
      /`username`.*`service`/,
    );
  });

  it("refuses result() where no task has finished", () => {
    const bare = { ctx: {}, tasks: {} };
    assert.throws(
      () => evaluate("result()", bare),
      (e: unknown) =>
        e instanceof ExpressionError && e.code === "AR_EXPRESSION_CONTEXT",
    );
  });
});

describe("expression references", () => {
  it("lists variables, tasks and functions once each", () => {
    const refs = references(
      "ctx().a and _.b == $.a and task('t').result in ctx('c') and result()",
    );
    assert.deepEqual(refs, {
      vars: ["a", "b", "c"],
      tasks: ["t"],
      functions: ["result"],
    });
  });

  it("finds nothing in a literal", () => {
    assert.deepEqual(references("1 + 2"), {
      vars: [],
      tasks: [],
      functions: [],
    });
  });

  it("does not count the whole context as a variable", () => {
    assert.deepEqual(references("ctx()['x']").vars, []);
  });
});

describe("truthiness", () => {
  const cases: [unknown, boolean][] = [
    [null, false],
    [false, false],
    [0, false],
    ["", false],
    [[], false],
    [{}, false],
    ["no", true],
    [1, true],
    [[0], true],
    [{ a: 1 }, true],
  ];
  for (const [value, expected] of cases) {
    it(`treats ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(isTruthy(value), expected);
    });
  }
});
