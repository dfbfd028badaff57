// Runs a workflow whose loop never takes its exit, in its own process, so
// the test that starts it can kill it if it never comes back.
import { pino } from "pino";
import { startStack } from "../../src/sandbox/stack.js";

const loop = `
name: endless
description: The exit of the loop is never taken.
input: { type: object, properties: {} }
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
      - when: "{{ 1 == 2 }}"
        do: done
  done:
    action: core.noop
`;

const stack = await startStack({
  log: pino({ level: "silent" }),
  ssh: "embedded",
  workflows: { "workflows/endless.yaml": loop },
});
await stack.gh.openIssue("alice", { title: "loop", body: "/run endless" });
await stack.settle();
const res = await fetch(`${stack.app.url}/health-check-by-attack-test`);
const run = stack.app.store.listRuns()[0];
process.stdout.write(
  `${JSON.stringify({ http: res.status, run: run?.status })}\n`,
);
await stack.close();
