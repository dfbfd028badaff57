import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxReplyChars, parseReply } from "../../src/engine/reply.js";
import { decisionSchema } from "./run-helpers.js";

const fence = (lang: string, text: string) => `\`\`\`${lang}\n${text}\n\`\`\``;

const cases: {
  name: string;
  body: string;
  schema?: Record<string, unknown>;
  kind: string;
  value?: unknown;
  problem?: RegExp;
}[] = [
  { name: "plain conversation", body: "on it", kind: "none" },
  {
    name: "a mention of a command mid-text",
    body: "do not /cancel yet",
    kind: "none",
  },
  { name: "/cancel", body: "/cancel", kind: "command" },
  { name: "/RETRY in capitals", body: "/RETRY", kind: "command" },
  {
    name: "/abandon with words after",
    body: "/abandon the host is gone",
    kind: "command",
  },
  { name: "a shorthand without a schema", body: "/approve", kind: "none" },
  {
    name: "a shorthand of the schema's enum",
    body: "/approve",
    schema: decisionSchema,
    kind: "response",
    value: { decision: "approve" },
  },
  {
    name: "a shorthand with a reason",
    body: "/deny not during the sale",
    schema: decisionSchema,
    kind: "response",
    value: { decision: "deny", reason: "not during the sale" },
  },
  {
    name: "a word the enum lacks",
    body: "/maybe",
    schema: decisionSchema,
    kind: "none",
  },
  {
    name: "a fenced YAML block",
    body: `thanks\n${fence("yaml", "decision: approve")}\nbye`,
    kind: "response",
    value: { decision: "approve" },
  },
  {
    name: "a fenced JSON block",
    body: fence("json", '{"decision": "deny"}'),
    kind: "response",
    value: { decision: "deny" },
  },
  {
    name: "a tilde fence with no language",
    body: "~~~\ndecision: approve\n~~~",
    kind: "response",
    value: { decision: "approve" },
  },
  {
    name: "a YAML template stays text",
    body: fence("yaml", "decision: '{{ 7*7 }}'"),
    kind: "response",
    value: { decision: "{{ 7*7 }}" },
  },
  {
    name: "a list instead of a mapping",
    body: fence("yaml", "- approve"),
    kind: "error",
    problem: /must hold a mapping/,
  },
  {
    name: "a repeated key",
    body: fence("yaml", "decision: approve\ndecision: deny"),
    kind: "error",
    problem: /not valid YAML or JSON at line 2/,
  },
  {
    name: "nesting past the limit",
    body: fence("json", `${'{"a":'.repeat(20)}1${"}".repeat(20)}`),
    kind: "error",
    problem: /nests deeper than 16 levels/,
  },
  {
    name: "aliases past the limit",
    body: fence(
      "yaml",
      `a: &a [1, 1]\nb: [${Array(20).fill("*a").join(", ")}]`,
    ),
    kind: "error",
    problem: /aliases too heavily/,
  },
  {
    name: "a reply longer than the limit",
    body: `/approve ${"x".repeat(maxReplyChars)}`,
    kind: "error",
    problem: /characters long; a reply is at most 16384/,
  },
  {
    name: "a long conversation",
    body: "x".repeat(maxReplyChars + 1),
    kind: "none",
  },
];

describe("reading a comment as a reply", () => {
  for (const c of cases) {
    it(`reads ${c.name} as ${c.kind}`, () => {
      const reply = parseReply(c.body, c.schema);
      assert.equal(reply.kind, c.kind);
      if (c.value !== undefined && reply.kind === "response") {
        assert.deepEqual(reply.value, c.value);
      }
      if (c.problem && reply.kind === "error") {
        assert.match(reply.problem, c.problem);
      }
    });
  }
});
