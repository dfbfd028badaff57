import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { route } from "../../src/engine/route.js";
import { finalStatus } from "../../src/engine/runner.js";
import type { StepRecord } from "../../src/store/types.js";
import type { TaskSpec, Transition } from "../../src/workflow/types.js";

const at = { line: 1, col: 1 };

function task(next: Partial<Transition>[]): TaskSpec {
  return {
    name: "restart",
    action: "ssh.run",
    input: {},
    inputPos: {},
    pos: at,
    next: next.map((t) => ({ do: [], publish: {}, pos: at, ...t })),
  };
}

const scope = { ctx: { service: "crond" }, tasks: {} };
const ok = { status: "succeeded" as const, result: { code: 0 } };
const bad = { status: "failed" as const, result: { code: 3 } };

describe("routing a finished task", () => {
  const cases = [
    {
      name: "no next, succeeded",
      next: [],
      outcome: ok,
      end: "terminal",
      to: [],
    },
    {
      name: "no next, failed",
      next: [],
      outcome: bad,
      end: "unhandled-failure",
      to: [],
    },
    {
      name: "a plain do, succeeded",
      next: [{ do: ["a"] }],
      outcome: ok,
      end: "routed",
      to: ["a"],
    },
    {
      name: "a plain do, failed (taken on success only)",
      next: [{ do: ["a"] }],
      outcome: bad,
      end: "unhandled-failure",
      to: [],
    },
    {
      name: "failed() to a clean-up",
      next: [
        { when: "{{ failed() }}", do: ["cleanup"] },
        { when: "{{ succeeded() }}", do: ["done"] },
      ],
      outcome: bad,
      end: "routed",
      to: ["cleanup"],
    },
    {
      name: "a when that matches nothing on success",
      next: [{ when: "{{ ctx().service == 'sshd' }}", do: ["a"] }],
      outcome: ok,
      end: "no-route",
      to: [],
    },
    {
      name: "two transitions that both hold",
      next: [{ do: ["a"] }, { when: "{{ result().code == 0 }}", do: ["b"] }],
      outcome: ok,
      end: "routed",
      to: ["a", "b"],
    },
  ];
  for (const c of cases) {
    it(`with ${c.name} ends ${c.end}`, () => {
      const routing = route(task(c.next), c.outcome, scope);
      assert.equal(routing.end, c.end);
      assert.deepEqual(routing.next, c.to);
    });
  }

  it("publishes values later transitions can read", () => {
    const routing = route(
      task([
        { publish: { first: "{{ result().code }}" }, do: ["a"] },
        { when: "{{ ctx().first == 0 }}", do: ["b"] },
      ]),
      ok,
      scope,
    );
    assert.deepEqual(routing.published, { first: 0 });
    assert.deepEqual(routing.next, ["a", "b"]);
  });

  it("throws an expression error for the runner to show", () => {
    assert.throws(
      () =>
        route(
          task([{ when: "{{ ctx().service > 3 }}", do: ["a"] }]),
          ok,
          scope,
        ),
      { code: "AR_EXPRESSION_TYPE" },
    );
  });
});

function step(fields: Partial<StepRecord>): StepRecord {
  return {
    id: 1,
    runId: 1,
    task: "t",
    action: "core.noop",
    status: "succeeded",
    input: null,
    result: null,
    note: "terminal",
    actor: null,
    startedAt: null,
    finishedAt: null,
    ...fields,
  };
}

describe("how a run ends", () => {
  const cases = [
    {
      name: "every task succeeded on a path that ended",
      steps: [step({})],
      status: "succeeded",
    },
    {
      name: "a failed task, even with a clean-up after it",
      steps: [step({ status: "failed", note: "routed" }), step({})],
      status: "failed",
    },
    {
      name: "a next that could not be evaluated",
      steps: [step({ note: "unhandled-failure" })],
      status: "failed",
    },
    {
      name: "an answer that leads nowhere",
      steps: [step({ action: "core.ask", note: "no-route" })],
      status: "denied",
    },
    {
      name: "a task whose when matched nothing",
      steps: [step({ note: "no-route" })],
      status: "failed",
    },
    {
      name: "an abandoned task",
      steps: [step({ status: "abandoned", note: "abandoned" })],
      status: "failed",
    },
    {
      name: "a task retried on purpose that then succeeded",
      steps: [step({ status: "abandoned", note: "retried" }), step({})],
      status: "succeeded",
    },
  ];
  for (const c of cases) {
    it(`with ${c.name}: ${c.status}`, () => {
      assert.equal(finalStatus(c.steps), c.status);
    });
  }
});
