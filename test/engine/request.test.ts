import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { workflowLabel } from "../../src/engine/forms.js";
import {
  nulProblems,
  parseRequest,
  parseValues,
  typeValues,
} from "../../src/engine/request.js";
import { isAppError } from "../../src/errors.js";
import { readPayload } from "../../src/github/handlers/repository-dispatch.js";

describe("an issue body read as a request", () => {
  const cases: [string, string, unknown][] = [
    [
      "a /run line",
      "/run restart service=crond host=web-1\nplease",
      {
        kind: "words",
        workflow: "restart",
        values: { service: "crond", host: "web-1" },
      },
    ],
    [
      "a /run line with a quoted value",
      '/run note text="two words"',
      { kind: "words", workflow: "note", values: { text: "two words" } },
    ],
    [
      "a form body",
      `### ${workflowLabel}\n\nrestart\n\n### service\n\ncrond`,
      {
        kind: "form",
        workflow: "restart",
        form: { workflow: "restart", sections: { service: "crond" } },
      },
    ],
    ["plain text", "crond is down", undefined],
    ["/run later in the text", "hello\n/run restart", undefined],
  ];
  for (const [name, body, expected] of cases) {
    it(`reads ${name}`, () => {
      assert.deepEqual(parseRequest(body), expected);
    });
  }

  it("refuses words that are not key=value pairs with its code", () => {
    assert.throws(
      () => parseRequest("/run restart crond"),
      (err) => isAppError(err, "AR_REQUEST_SYNTAX"),
    );
  });
});

describe("request values", () => {
  it("keep __proto__ as a plain field, never a prototype", () => {
    const values = parseValues(["__proto__=x", "a=1"]);
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
    assert.deepEqual(Object.keys(values), ["__proto__", "a"]);
    const typed = typeValues(JSON.parse('{"__proto__": {"polluted": 1}}'), {
      type: "object",
    });
    assert.equal(Object.getPrototypeOf(typed), Object.prototype);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  const schema = {
    type: "object",
    properties: {
      n: { type: "integer" },
      b: { type: "boolean" },
      list: { type: "array" },
      s: { type: "string" },
    },
  };
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["numbers written as text", { n: "42" }, { n: 42 }],
    ["booleans written as text", { b: "false" }, { b: false }],
    ["JSON lists written as text", { list: '["a"]' }, { list: ["a"] }],
    [
      "text that is not the type, left for the schema",
      { n: "4x" },
      { n: "4x" },
    ],
    [
      "values already typed (dispatch JSON)",
      { n: 7, b: true },
      { n: 7, b: true },
    ],
    ["digits meant as text", { s: "007" }, { s: "007" }],
  ];
  for (const [name, values, expected] of cases) {
    it(`type ${name}`, () => {
      assert.deepEqual(typeValues(values, schema), expected);
    });
  }
});

describe("a repository_dispatch client payload", () => {
  const good: [string, unknown, unknown][] = [
    [
      "workflow and input",
      { workflow: "restart", input: { service: "crond" } },
      { kind: "data", workflow: "restart", input: { service: "crond" } },
    ],
    [
      "a workflow alone",
      { workflow: "restart" },
      { kind: "data", workflow: "restart", input: {} },
    ],
  ];
  for (const [name, payload, request] of good) {
    it(`is read with ${name}`, () => {
      assert.deepEqual(readPayload(payload), { request });
    });
  }

  const bad: [string, unknown, RegExp][] = [
    ["no payload", null, /not an object/],
    ["no workflow", { input: {} }, /`workflow` must name a workflow/],
    ["a path for a workflow", { workflow: "../x" }, /`workflow` must name/],
    [
      "input as a list",
      { workflow: "x", input: [1] },
      /`input` must be an object/,
    ],
  ];
  for (const [name, payload, problem] of bad) {
    it(`is refused with ${name}`, () => {
      const read = readPayload(payload);
      assert.ok("problem" in read);
      assert.match(read.problem, problem);
    });
  }
});

describe("nulProblems", () => {
  const cases: Array<[string, unknown, string[]]> = [
    ["a clean input", { a: "x", b: [1, "y"], c: { d: null } }, []],
    ["a top-level string", { service: "cr\u0000ond" }, ["`service`"]],
    ["a string in a list", { hosts: ["web-1", "\u0000"] }, ["`hosts[1]`"]],
    ["a nested string", { a: { b: { c: "\u0000" } } }, ["`a.b.c`"]],
    ["an odd key", { "a b": "\u0000" }, ['`["a b"]`']],
    ["a key itself", { "k\u0000": "v" }, ['`["k\\u0000"]`']],
    ["two fields", { a: "\u0000", b: "\u0000" }, ["`a`", "`b`"]],
  ];
  for (const [what, input, paths] of cases) {
    it(`names the path of each NUL in ${what}`, () => {
      const problems = nulProblems(input);
      assert.equal(problems.length, paths.length);
      paths.forEach((path, i) => {
        assert.ok(problems[i]?.startsWith(path), problems[i]);
      });
    });
  }
});
