import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applySettings } from "../../src/config/effective.js";
import { parseRepoSettings } from "../../src/config/repository.js";
import type { Workflow } from "../../src/workflow/types.js";

describe("repository settings", () => {
  describe("that are valid", () => {
    const cases: [string, string, unknown][] = [
      ["an empty file", "", { labels: [] }],
      ["only comments", "# nothing yet\n", { labels: [] }],
      [
        "every key",
        "labels: [runbook]\nrequesters: { teams: [ops] }\nttl: 60\nallowSelfApproval: false\n",
        {
          labels: ["runbook"],
          requesters: { users: [], teams: ["ops"], roles: [] },
          ttlMinutes: 60,
          allowSelfApproval: false,
        },
      ],
    ];
    for (const [name, text, expected] of cases) {
      it(`read from ${name}`, () => {
        assert.deepEqual(parseRepoSettings(text), {
          settings: expected,
          problems: [],
        });
      });
    }
  });

  describe("that are wrong", () => {
    const cases: [string, string, string][] = [
      ["an unknown key", "labels: []\nttl_minutes: 5\n", "2:1"],
      ["a ttl that is text", "ttl: soon\n", "1:6"],
      ["a ttl of zero", "ttl: 0\n", "1:6"],
      ["a label the app sets itself", "labels: [runbook, paused]\n", "1:19"],
      ["requesters as a list", "requesters: [alice]\n", "1:13"],
      ["broken YAML", "labels: [a\n", "2:1"],
      [
        "eleven labels",
        `labels: [${"abcdefghijk".split("").join(", ")}]\n`,
        "1:9",
      ],
    ];
    for (const [name, text, place] of cases) {
      it(`are refused for ${name}, at its line and column`, () => {
        const { settings, problems } = parseRepoSettings(text);
        assert.equal(settings, undefined);
        assert.deepEqual(
          problems.map((p) => `${p.line}:${p.col}`),
          [place],
        );
      });
    }
  });
});

function workflowWithAsk(input: Record<string, unknown>): Workflow {
  const task = (action: string, taskInput: Record<string, unknown>) => ({
    name: action,
    action,
    input: taskInput,
    next: [],
    pos: { line: 1, col: 1 },
    inputPos: {},
  });
  return {
    name: "w",
    description: "",
    input: { type: "object" },
    output: {},
    tasks: {
      ask: task("core.ask", input),
      run: task("ssh.run", { ttl: 5, allow_requester: true }),
    },
    start: ["ask"],
    path: "workflows/w.yaml",
    format: "native",
  };
}

describe("a workflow under repository settings and server caps", () => {
  const server = { allowSelfApproval: true, maxTtlMinutes: 120 };
  const cases: [string, Record<string, unknown>, object, object, object][] = [
    [
      "takes the repository's ttl where it names none",
      {},
      { ttlMinutes: 60 },
      server,
      { ttl: 60 },
    ],
    [
      "keeps its own ttl over the repository's",
      { ttl: 10 },
      { ttlMinutes: 60 },
      server,
      { ttl: 10 },
    ],
    [
      "is capped at the server's longest ttl",
      { ttl: 999 },
      {},
      server,
      { ttl: 120 },
    ],
    [
      "caps the repository's ttl too",
      {},
      { ttlMinutes: 500 },
      server,
      { ttl: 120 },
    ],
    ["leaves the ttl to the server's default otherwise", {}, {}, server, {}],
    [
      "loses self-approval where the repository forbids it",
      { allow_requester: true },
      { allowSelfApproval: false },
      server,
      { allow_requester: false },
    ],
    [
      "loses self-approval where the server forbids it, whatever the repository says",
      { allow_requester: true },
      { allowSelfApproval: true },
      { allowSelfApproval: false },
      { allow_requester: false },
    ],
    [
      "keeps self-approval where both allow it",
      { allow_requester: true },
      {},
      server,
      { allow_requester: true },
    ],
  ];
  for (const [name, input, repo, caps, expected] of cases) {
    it(name, () => {
      const applied = applySettings(
        workflowWithAsk(input),
        { labels: [], ...repo },
        caps as typeof server,
      );
      assert.deepEqual(applied.tasks["ask"]?.input, expected);
      assert.deepEqual(applied.tasks["run"]?.input, {
        ttl: 5,
        allow_requester: true,
      });
    });
  }
});
