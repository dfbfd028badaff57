import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shorthandsOf } from "../../src/engine/inquiry-text.js";
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
  /** For an error: whether it is refused as having two answers. */
  ambiguous?: boolean;
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
    name: "5000 levels of flow nesting",
    body: fence("json", `${"[".repeat(5000)}1${"]".repeat(5000)}`),
    kind: "error",
    problem: /nests deeper than 16 levels/,
  },
  {
    name: "5000 levels of block nesting",
    body: fence("yaml", `a:\n  ${"- ".repeat(5000)}x\nb: 1`),
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
  ...hiddenCases(),
  ...blockCases(),
  ...shorthandCases(),
];

/** What GitHub does not show is not read. */
function hiddenCases(): typeof cases {
  const approve = fence("yaml", "decision: approve");
  const deny = fence("yaml", "decision: deny");
  return [
    {
      name: "a block inside an HTML comment beside a visible one",
      body: `<!--\n${approve}\n-->\n${deny}`,
      kind: "response",
      value: { decision: "deny" },
    },
    {
      name: "a block inside an HTML comment alone",
      body: `<!-- note\n${approve}\n-->`,
      kind: "none",
    },
    {
      name: "a block after an unclosed HTML comment",
      body: `<!--\n${approve}`,
      kind: "none",
    },
    {
      name: "a shorthand inside an HTML comment",
      body: "<!-- /approve -->",
      schema: decisionSchema,
      kind: "none",
    },
    {
      name: "a shorthand after an HTML comment",
      body: "<!-- draft -->\n/deny",
      schema: decisionSchema,
      kind: "response",
      value: { decision: "deny" },
    },
    {
      name: "a shorthand whose reason hides a comment",
      body: "/deny not now <!-- and approve -->",
      schema: decisionSchema,
      kind: "response",
      value: { decision: "deny", reason: "not now" },
    },
    {
      name: "a shorthand split by an HTML comment",
      body: "/app<!-- x -->rove",
      schema: decisionSchema,
      kind: "response",
      value: { decision: "approve" },
    },
    {
      name: "an inline <!-- that closes nothing before a block",
      body: `text <!--\n${deny}\n-->`,
      kind: "response",
      value: { decision: "deny" },
    },
  ];
}

/** Fences: their language in any case, one reply block at most. */
function blockCases(): typeof cases {
  const approve = fence("yaml", "decision: approve");
  return [
    {
      name: "a block fenced as YAML in capitals",
      body: fence("YAML", "decision: approve"),
      kind: "response",
      value: { decision: "approve" },
    },
    {
      name: "a block fenced as Json",
      body: fence("Json", '{"decision": "deny"}'),
      kind: "response",
      value: { decision: "deny" },
    },
    {
      name: "a block fenced as YML with more info",
      body: fence("YML title", "decision: approve"),
      kind: "response",
      value: { decision: "approve" },
    },
    {
      name: "a block fenced as Python",
      body: fence("Python", "decision: approve"),
      kind: "none",
    },
    {
      name: "two reply blocks",
      body: `${approve}\n${fence("yaml", "decision: deny")}`,
      kind: "error",
      ambiguous: true,
    },
    {
      name: "two reply blocks, one of them in a list",
      body: `- ${approve.replaceAll("\n", "\n  ")}\n\n${approve}`,
      kind: "error",
      ambiguous: true,
    },
    {
      name: "a quoted block and the replier's own",
      body: `> ${approve.replaceAll("\n", "\n> ")}\n\n${fence("yaml", "decision: deny")}`,
      kind: "response",
      value: { decision: "deny" },
    },
    {
      name: "a log in another language beside a reply block",
      body: `${fence("sh", "journalctl -u crond")}\n${approve}`,
      kind: "response",
      value: { decision: "approve" },
    },
    {
      name: "a block whose fence is never closed",
      body: "```yaml\ndecision: approve",
      kind: "response",
      value: { decision: "approve" },
    },
  ];
}

/** Shorthands: any case, mapped to the schema's own spelling. */
function shorthandCases(): typeof cases {
  const capitalSchema = enumSchema(["Approve", "Deny"]);
  const caseTwinSchema = enumSchema(["yes", "Yes", "no"]);
  return [
    {
      name: "/Approve for an enum in capitals",
      body: "/Approve",
      schema: capitalSchema,
      kind: "response",
      value: { decision: "Approve" },
    },
    {
      name: "/deny for an enum in capitals",
      body: "/deny",
      schema: capitalSchema,
      kind: "response",
      value: { decision: "Deny" },
    },
    {
      name: "/APPROVE for an enum in lower case",
      body: "/APPROVE",
      schema: decisionSchema,
      kind: "response",
      value: { decision: "approve" },
    },
    {
      name: "/Yes where yes and Yes are both values",
      body: "/Yes",
      schema: caseTwinSchema,
      kind: "response",
      value: { decision: "Yes" },
    },
    {
      name: "/yes where yes and Yes are both values",
      body: "/yes",
      schema: caseTwinSchema,
      kind: "response",
      value: { decision: "yes" },
    },
    {
      name: "/YES where yes and Yes are both values",
      body: "/YES",
      schema: caseTwinSchema,
      kind: "error",
      ambiguous: true,
    },
    {
      name: "/NO beside values that differ only in case",
      body: "/NO",
      schema: caseTwinSchema,
      kind: "response",
      value: { decision: "no" },
    },
    {
      name: "a shorthand and a block",
      body: `/approve\n\n${fence("yaml", "decision: deny")}`,
      schema: decisionSchema,
      kind: "error",
      ambiguous: true,
    },
    {
      name: "a command with a log block after it",
      body: `/abandon host is gone\n\n${fence("", "decision: approve")}`,
      schema: decisionSchema,
      kind: "command",
    },
    {
      name: "an unknown word before a block",
      body: `/lgtm\n\n${fence("yaml", "decision: approve")}`,
      schema: decisionSchema,
      kind: "response",
      value: { decision: "approve" },
    },
  ];
}

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
      if (c.ambiguous !== undefined && reply.kind === "error") {
        assert.equal(reply.ambiguous ?? false, c.ambiguous);
      }
    });
  }
});

function enumSchema(values: string[]): Record<string, unknown> {
  return {
    type: "object",
    properties: { decision: { type: "string", enum: values } },
  };
}

describe("the shorthands an inquiry offers", () => {
  const schemas = {
    "lower-case values": decisionSchema,
    "capitalised values": enumSchema(["Approve", "Deny"]),
    "values that differ only in case": enumSchema(["yes", "Yes", "no"]),
  };
  for (const [what, schema] of Object.entries(schemas)) {
    it(`are each read as their own value, for ${what}`, () => {
      const offered = shorthandsOf(schema).map((s) => s.split(" ")[0]!);
      assert.ok(offered.length > 0);
      const read = offered.map((s) => parseReply(s, schema));
      const values = offered.map((s) => ({ decision: s.slice(1) }));
      assert.deepEqual(
        read,
        values.map((value) => ({ kind: "response", value })),
      );
    });
  }
});
