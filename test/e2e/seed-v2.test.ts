import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const request = "/run service_restart_v2 service=crond host=web-1";

describe("seed v2: restart after an approval word", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("runs the restart once bob approves, then closes as succeeded", async () => {
    const issue = await h.gh.openIssue("alice", {
      title: "restart crond",
      body: request,
    });
    await h.settle();
    const inquiry = h.gh.comments(issue.number).at(-1)!;
    assert.match(inquiry.body, /Approval needed/);
    assert.match(
      inquiry.body,
      /sudo -n -- sh -c 'systemctl restart '\\''crond'\\'''/,
    );
    assert.deepEqual(h.gh.labels(issue.number), ["paused"]);
    await h.gh.comment(
      "bob",
      issue.number,
      "```yaml\nsecondfactor: approved\n```",
    );
    await h.settle();
    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    const state = h.gh.issue(issue.number)!;
    assert.equal(state.state, "closed");
    assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    const last = h.gh.comments(issue.number).at(-1)!.body;
    assert.match(last, /succeeded/);
    assert.deepEqual(h.gh.violations, []);
  });
});
