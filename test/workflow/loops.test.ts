import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadWorkflow } from "../../src/workflow/load.js";

const options = { hosts: ["web-1"] };

/** A ping-pong loop whose only exit out of `pong` holds when `when` does. */
function loopWithExit(when: string): string {
  return `
name: loop
input:
  type: object
  properties:
    stop: { type: boolean, default: false }
tasks:
  start:
    action: core.noop
    next: [ { do: ping } ]
  ping:
    action: core.noop
    next: [ { do: pong } ]
  pong:
    action: core.noop
    next:
      - do: ping
      - when: ${JSON.stringify(when)}
        do: done
  done:
    action: core.noop
`;
}

function loopProblems(when: string) {
  const result = loadWorkflow(loopWithExit(when), "workflows/l.yaml", options);
  return result.problems.filter((p) => p.code === "endless-loop");
}

describe("the loader, on a loop whose exit can never be taken", () => {
  const never = ["{{ 1 == 2 }}", "{{ false }}", "false", "{{ 'yes' }}"];
  for (const when of never) {
    it(`refuses an exit when ${when}`, () => {
      const problems = loopProblems(when);
      assert.equal(problems.length, 1);
      assert.deepEqual(
        [problems[0]?.line, problems[0]?.col],
        [11, 3],
        "reported at the first task of the loop",
      );
      assert.match(problems[0]?.message ?? "", /`when`/);
    });
  }

  const maybe = ["{{ ctx().stop }}", "{{ true }}", "{{ 1 == 1 }}", "true"];
  for (const when of maybe) {
    it(`accepts an exit when ${when}`, () => {
      assert.deepEqual(loopProblems(when), []);
    });
  }
});
