import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

/** An object input with no limit on its shape, as JSON Schema allows. */
const deep = `
name: deep_input
description: Takes any object as x.
input:
  type: object
  properties:
    x: { type: object }
tasks:
  done:
    action: core.noop
`;

/** `{"a":{"a":…1…}}`, `depth` levels deep: about 6 bytes a level. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("an input object nested 1500 levels deep (about 9 KB)", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      workflows: { "workflows/deep_input.yaml": deep },
    });
  });
  after(() => h?.close());

  it("through repository_dispatch gets an issue that answers it", {
    todo: "defect: the dispatch handler overflows the stack in yaml's createNode while writing the input; Probot logs a RangeError and no issue is opened",
  }, async () => {
    await h.gh.dispatch("alice", "approval-runner.run", {
      workflow: "deep_input",
      input: { x: nested(1500) },
    });
    await h.settle();
    assert.ok(h.gh.issue(1), "no issue was opened");
    assert.ok(h.gh.comments(1).length > 0, "the issue holds no answer");
  });

  it("through /run in an issue gets a comment that answers it", {
    todo: "defect: as above, through the issues handler: the request is never answered",
  }, async () => {
    const json = JSON.stringify(nested(1500));
    const issue = await h.gh.openIssue("alice", {
      title: "deep",
      body: `/run deep_input x='${json}'`,
    });
    await h.settle();
    assert.ok(h.gh.comments(issue.number).length > 0, "no answer");
  });
});
