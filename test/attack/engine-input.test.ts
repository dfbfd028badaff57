import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readCodes } from "../../src/github/markers.js";
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

  /** The codes and text of the app's answers on issue `n`. */
  function answers(n: number) {
    const bodies = h.gh.comments(n).map((c) => c.body);
    return { codes: bodies.flatMap(readCodes), text: bodies.join("\n") };
  }

  it("through repository_dispatch gets an issue that answers it", async () => {
    await h.gh.dispatch("alice", "approval-runner.run", {
      workflow: "deep_input",
      input: { x: nested(1500) },
    });
    await h.settle();
    assert.ok(h.gh.issue(1), "no issue was opened");
    assert.ok(h.gh.comments(1).length > 0, "the issue holds no answer");
    const { codes, text } = answers(1);
    assert.deepEqual(codes, ["AR_INPUT_INVALID"]);
    assert.match(text, /`x` nests .* more than 16 levels/);
    assert.equal(h.app.store.runs.find(h.owner, h.repo, 1), undefined);
  });

  it("through /run in an issue gets a comment that answers it", async () => {
    const json = JSON.stringify(nested(1500));
    const issue = await h.gh.openIssue("alice", {
      title: "deep",
      body: `/run deep_input x='${json}'`,
    });
    await h.settle();
    assert.ok(h.gh.comments(issue.number).length > 0, "no answer");
    const { codes, text } = answers(issue.number);
    assert.deepEqual(codes, ["AR_INPUT_INVALID"]);
    assert.match(text, /`x` nests .* more than 16 levels/);
    assert.equal(
      h.app.store.runs.find(h.owner, h.repo, issue.number),
      undefined,
    );
    assert.deepEqual(h.app.store.runs.list(), [], "a run was stored");
  });

  it("still runs an input nested as deep as allowed", async () => {
    const json = JSON.stringify(nested(16));
    const issue = await h.gh.openIssue("alice", {
      title: "deep enough",
      body: `/run deep_input x='${json}'`,
    });
    await h.settle();
    assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    assert.deepEqual(answers(issue.number).codes, []);
  });
});
