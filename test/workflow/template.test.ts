import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExpressionError } from "../../src/workflow/expression.js";
import {
  findExpressions,
  renderTemplate,
  soleExpression,
  templateReferences,
} from "../../src/workflow/template.js";
import type { Scope } from "../../src/workflow/types.js";

const scope: Scope = {
  ctx: {
    service: "crond",
    evil: "{{ 7*7 }}",
    nested: "{{ ctx().service }}",
    shell: "x; rm -rf /",
    count: 2,
    flag: true,
    info: { a: 1 },
    none: null,
  },
  tasks: {},
};

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

describe("template rendering", () => {
  const cases: [unknown, unknown][] = [
    ["plain text", "plain text"],
    ["{{ ctx().service }}", "crond"],
    ["  {{ ctx().count }}  ", 2],
    ["{{ctx().flag}}", true],
    ["{{ ctx().info }}", { a: 1 }],
    ["{{ ctx().none }}", null],
    ["restart {{ ctx().service }} now", "restart crond now"],
    ["{{ ctx().count }} times", "2 times"],
    ["{{ ctx().flag }}!", "true!"],
    ["info: {{ ctx().info }}", 'info: {"a":1}'],
    ["[{{ ctx().none }}]", "[]"],
    ["{{ ctx().service }}-{{ ctx().count }}", "crond-2"],
    ["{{ '}}' }}", "}}"],
    [
      ["{{ ctx().count }}", "x"],
      [2, "x"],
    ],
    [{ a: { b: "{{ ctx().service }}" } }, { a: { b: "crond" } }],
    [7, 7],
    [null, null],
    [true, true],
  ];
  for (const [template, expected] of cases) {
    it(`renders ${JSON.stringify(template)}`, () => {
      assert.deepEqual(renderTemplate(template, scope), expected);
    });
  }
});

describe("values from people", () => {
  it("keeps a service named {{ 7*7 }} as those characters", () => {
    const rendered = renderTemplate("restart {{ ctx().evil }}", scope);
    assert.equal(rendered, "restart {{ 7*7 }}");
  });

  it("returns such a value raw when it is the whole template", () => {
    assert.equal(renderTemplate("{{ ctx().evil }}", scope), "{{ 7*7 }}");
  });

  it("never renders a value that looks like a template", () => {
    const rendered = renderTemplate({ x: "{{ ctx().nested }}" }, scope);
    assert.deepEqual(rendered, { x: "{{ ctx().service }}" });
  });

  it("does not render keys", () => {
    const rendered = renderTemplate({ "{{ ctx().service }}": 1 }, scope);
    assert.deepEqual(rendered, { "{{ ctx().service }}": 1 });
  });

  it("passes each interpolated value through escape, and only those", () => {
    const command = "systemctl restart {{ ctx().shell }} {{ ctx().evil }}";
    const rendered = renderTemplate(command, scope, { escape: quote });
    assert.equal(rendered, "systemctl restart 'x; rm -rf /' '{{ 7*7 }}'");
  });

  it("escapes values inside nested objects too", () => {
    const rendered = renderTemplate({ c: ["a {{ ctx().shell }}"] }, scope, {
      escape: quote,
    });
    assert.deepEqual(rendered, { c: ["a 'x; rm -rf /'"] });
  });

  it("keeps a __proto__ key as data, not as a prototype", () => {
    const value = JSON.parse(
      '{"__proto__": {"polluted": "{{ ctx().count }}"}}',
    );
    const rendered = renderTemplate(value, scope) as Record<string, unknown>;
    assert.ok(Object.hasOwn(rendered, "__proto__"));
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});

describe("template errors", () => {
  it("fails on an unclosed {{ with its offset", () => {
    assert.throws(
      () => renderTemplate("a {{ ctx().service", scope),
      (e: unknown) => e instanceof ExpressionError && e.offset === 2,
    );
  });

  it("fails on an undefined variable", () => {
    assert.throws(
      () => renderTemplate("{{ ctx().username }}", scope),
      (e: unknown) =>
        e instanceof ExpressionError && e.code === "AR_EXPRESSION_UNDEFINED",
    );
  });
});

describe("finding expressions", () => {
  const cases: [string, { source: string; offset: number }[]][] = [
    ["no braces", []],
    ["{{ a }}", [{ source: " a ", offset: 2 }]],
    [
      "x{{b}}y{{ c }}",
      [
        { source: "b", offset: 3 },
        { source: " c ", offset: 9 },
      ],
    ],
    ["{{ '}}' }}", [{ source: " '}}' ", offset: 2 }]],
    ['{{ "a\\"}}" }}', [{ source: ' "a\\"}}" ', offset: 2 }]],
  ];
  for (const [text, expected] of cases) {
    it(`finds ${expected.length} in ${JSON.stringify(text)}`, () => {
      assert.deepEqual(findExpressions(text), expected);
    });
  }

  it("tells a sole expression from text around one", () => {
    assert.ok(soleExpression(" {{ a }} "));
    assert.equal(soleExpression("x {{ a }}"), undefined);
    assert.equal(soleExpression("{{ a }}{{ b }}"), undefined);
  });
});

describe("template references", () => {
  it("collects what every string reads", () => {
    const refs = templateReferences({
      a: "{{ ctx().service }} {{ _.host }}",
      b: ["{{ task('approval').result }}", 3],
      c: { d: "{{ succeeded() and $.count > 1 }}" },
    });
    assert.deepEqual(refs, {
      vars: ["service", "host", "count"],
      tasks: ["approval"],
      functions: ["succeeded"],
    });
  });
});
