import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type LoadResult, loadWorkflow } from "../../src/workflow/load.js";
import { translateWorkflow } from "../../src/workflow/stackstorm.js";
import { readMeta } from "../../src/workflow/stackstorm-meta.js";

const options = { hosts: ["web-1", "web-2"] };

/** A native workflow whose `pick` task publishes `host` as `value`. */
function published(value: string): string {
  return `
name: published
input:
  type: object
  properties:
    host: { type: string, enum: [web-1, web-2], default: web-1 }
tasks:
  pick:
    action: core.noop
    next:
      - publish: { host: ${value} }
        do: restart
  restart:
    action: ssh.run
    input: { host: "{{ ctx().host }}", command: date }
`;
}

const meta = `
name: restart
runner_type: orquesta
entry_point: workflows/restart.yaml
parameters:
  host: { type: string, enum: [web-1, web-2], default: web-1 }
`;

/** An Orquesta workflow whose `vars` set the host input to `value`. */
function orquesta(value: string): string {
  return `
version: 1.0
input:
  - host
vars:
  - host: ${value}
tasks:
  restart:
    action: core.remote_sudo
    input:
      hosts: <% ctx().host %>
      cmd: date
`;
}

function hostProblems(result: LoadResult) {
  return result.problems.filter((p) => p.code === "host");
}

describe("the loader, on what sets a host input besides the request", () => {
  const cases: [string, string, number][] = [
    ["a literal alias", "web-2", 0],
    ["an alias the inventory lacks", "db-9", 1],
    ["a reply", '"{{ result().status }}"', 1],
    ["another variable", '"{{ ctx().host }}"', 1],
  ];
  for (const [name, value, count] of cases) {
    it(`${count ? "refuses" : "takes"} a publish of ${name}`, () => {
      const result = loadWorkflow(published(value), "w.yaml", options);
      const problems = hostProblems(result);
      assert.equal(problems.length, count, JSON.stringify(result.problems));
      // Reported where the value is published.
      if (count)
        assert.deepEqual([problems[0]?.line, problems[0]?.col], [11, 26]);
    });

    it(`${count ? "refuses" : "takes"} an Orquesta var of ${name}`, () => {
      const read = readMeta(meta, "actions/restart.yaml");
      assert.ok(read.meta, JSON.stringify(read.problems));
      const text = orquesta(
        value.replaceAll("{{", "<%").replaceAll("}}", "%>"),
      );
      const result = translateWorkflow(text, "w.yaml", read.meta, options);
      const problems = hostProblems(result);
      assert.equal(problems.length, count, JSON.stringify(result.problems));
    });
  }
});
