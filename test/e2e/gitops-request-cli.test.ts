import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCli } from "../cli/fixture.js";
import { type Harness, startHarness } from "../support/harness.js";

function lastIssue(h: Harness): number {
  let n = 0;
  while (h.gh.issue(n + 1)) n++;
  return n;
}

describe("requesting a run", () => {
  let h: Harness;
  const runOf = (issue: number) => h.app.store.runs.find("acme", "ops", issue);
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  describe("from the command line", () => {
    it("sends the dispatch as the token's person, whose run it is", async () => {
      h.sshd.clearRecords();
      const before = lastIssue(h);
      const result = await runCli([
        "request",
        "service_restart_v1",
        "service=crond",
        "host=web-2",
        "--repo",
        "acme/ops",
        "--api-url",
        h.gh.apiUrl,
        "--token",
        h.gh.personalToken("dave"),
      ]);
      await h.settle();
      assert.equal(result.code, 0, result.stderr);
      const run = runOf(before + 1);
      assert.equal(run?.requesterLogin, "dave");
      assert.deepEqual(run?.input, { service: "crond", host: "web-2" });
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    });

    it("says what GitHub refused when the repository is wrong", async () => {
      const result = await runCli([
        "request",
        "service_restart_v1",
        "--repo",
        "acme/nope",
        "--api-url",
        h.gh.apiUrl,
        "--token",
        h.gh.personalToken("dave"),
      ]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /AR_CLI_GITHUB/);
    });
  });
});
