// Runs a workflow whose loop never takes its exit, in its own process, so
// the test that starts it can kill it if it never comes back.
import { pino } from "pino";
import { readCodes } from "../../src/github/markers.js";
import { startStack } from "../../src/sandbox/stack.js";

// The exit reads the input, so the loader cannot tell it is never taken.
const loop = `
name: endless
description: The exit of the loop is never taken.
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
      - when: "{{ ctx().stop }}"
        do: done
  done:
    action: core.noop
`;

const stack = await startStack({
  log: pino({ level: "silent" }),
  ssh: "embedded",
  workflows: { "workflows/endless.yaml": loop },
});
const issue = await stack.gh.openIssue("alice", {
  title: "loop",
  body: "/run endless",
});
await stack.settle();
const res = await fetch(`${stack.app.url}/health-check-by-attack-test`);
const run = stack.app.store.runs.list()[0];
const steps = run ? stack.app.store.steps.ofRun(run.id) : [];
const comments = stack.gh.comments(issue.number).map((c) => c.body);
const seen = {
  http: res.status,
  run: run?.status,
  taken: steps.filter((s) => s.note !== "step-limit").length,
  stopped: steps.filter((s) => s.note === "step-limit").map((s) => s.task),
  codes: comments.flatMap(readCodes),
  last: comments.at(-1) ?? "",
  labels: stack.gh.labels(issue.number),
};
process.stdout.write(`${JSON.stringify(seen)}\n`);
await stack.close();
