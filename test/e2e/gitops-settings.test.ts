import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

const settings = `labels: [runbook]
requesters:
  users: [alice, bob]
ttl: 60
allowSelfApproval: true
`;

/** An inquiry that lets its requester answer, with no ttl of its own. */
const selfApproved = `name: self_approved
tasks:
  approval:
    action: core.ask
    input:
      users: [alice, bob]
      allow_requester: true
      schema:
        type: object
        required: [decision]
        properties:
          decision: { type: string, enum: [approve, deny] }
    next:
      - when: "{{ result().response.decision == 'approve' }}"
        do: done
  done:
    action: core.noop
`;

describe("repository settings", () => {
  let h: Harness;
  const runOf = (issue: number) => h.app.store.runs.find("acme", "ops", issue)!;
  before(async () => {
    // The server forbids self-approval and caps inquiries at 30 minutes.
    h = await startHarness({ config: { maxTtlMinutes: 30 } });
    h.gh.commit(h.repo, "main", {
      ".github/approval-runner.yml": settings,
      "workflows/self_approved.yaml": selfApproved,
    });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  async function request(login: string, body: string): Promise<number> {
    const issue = await h.gh.openIssue(login, { title: "run", body });
    await h.settle();
    return issue.number;
  }

  it("put their labels on every run's issue", async () => {
    const n = await request(
      "alice",
      "/run service_restart_v1 service=crond host=web-1",
    );
    assert.deepEqual(h.gh.labels(n).sort(), ["runbook", "succeeded"]);
  });

  it("limit who may request any workflow", async () => {
    const n = await request(
      "carol",
      "/run service_restart_v1 service=crond host=web-1",
    );
    assert.match(
      h.gh.comments(n).at(-1)?.body ?? "",
      /@carol may not request.*@alice, @bob/,
    );
    assert.equal(h.app.store.runs.find("acme", "ops", n), undefined);
  });

  it("give inquiries their ttl, within the server's cap", async () => {
    const n = await request("alice", "/run self_approved");
    const [inquiry] = h.app.store.inquiries.list({ runId: runOf(n).id });
    assert.equal(inquiry?.spec.ttlMinutes, 30);
  });

  it("cannot let a requester approve where the server forbids it", async () => {
    const n = await request("alice", "/run self_approved");
    await h.gh.comment("alice", n, "/approve");
    await h.settle();
    assert.equal(runOf(n).status, "paused");
    await h.gh.comment("bob", n, "/approve");
    await h.settle();
    assert.equal(runOf(n).status, "succeeded");
  });

  it("that are broken refuse every run, naming the line", async () => {
    const bad = `${settings}ttl_minutes: 5\n`;
    h.gh.commit(h.repo, "main", { ".github/approval-runner.yml": bad });
    const n = await request(
      "alice",
      "/run service_restart_v1 service=crond host=web-1",
    );
    assert.match(
      h.gh.comments(n).at(-1)?.body ?? "",
      /\.github\/approval-runner\.yml:6:1: .*`ttl_minutes`/,
    );
    assert.equal(h.app.store.runs.find("acme", "ops", n), undefined);
  });

  it("are checked on a pull request that changes them", async () => {
    const sha = h.gh.commit(h.repo, "labels", {
      ".github/approval-runner.yml": "labels: [paused]\n",
    });
    await h.gh.openPullRequest("alice", { head: "labels", title: "Labels" });
    await h.settle();
    const [check] = h.gh.checkRuns().filter((c) => c.headSha === sha);
    assert.equal(check?.conclusion, "failure");
    assert.match(
      String(check?.annotations[0]?.["message"]),
      /`paused` is a run status/,
    );
  });
});
