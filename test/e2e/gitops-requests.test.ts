import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { workflowLabel } from "../../src/engine/forms.js";
import { type Harness, repoRoot, startHarness } from "../support/harness.js";

const fixtures = join(repoRoot, "test/fixtures/gitops/workflows");
const fixture = (name: string) => readFileSync(join(fixtures, name), "utf8");
const restart = { service: "crond", host: "web-1" };

/** A body as GitHub renders a submitted issue form. */
function githubBody(sections: [string, string][]): string {
  return sections
    .map(([label, text]) => `### ${label}\n\n${text}`)
    .join("\n\n");
}

function lastIssue(h: Harness): number {
  let n = 0;
  while (h.gh.issue(n + 1)) n++;
  return n;
}

function said(h: Harness, issue: number): string {
  return h.gh.comments(issue).at(-1)?.body ?? "";
}

describe("requesting a run", () => {
  let h: Harness;
  const runOf = (issue: number) => h.app.store.runs.find("acme", "ops", issue);
  before(async () => {
    h = await startHarness();
    h.gh.commit(h.repo, "main", {
      "workflows/every_field.yaml": fixture("every_field.yaml"),
      "workflows/ops_only.yaml": fixture("ops_only.yaml"),
    });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  describe("from an issue form", () => {
    const fields: [string, string][] = [
      [workflowLabel, "every_field"],
      ["service", "crond"],
      ["ticket", "42"],
      ["ratio", "0.5"],
      ["host", "web-2"],
      ["workers", "4"],
      ["dry_run", "- [X] dry_run"],
      ["notify", "false"],
      ["regions", "- [X] eu\n- [ ] us\n- [X] ap"],
      ["paths", "/var/log/a\n/var/log/b"],
      ["limits", "```yaml\ncpu: 2\n```"],
      ["Note for approvers", "_No response_"],
    ];

    it("runs with every field typed as the input schema says", async () => {
      const issue = await h.gh.openIssue("alice", {
        title: "Run every_field",
        body: githubBody(fields),
      });
      await h.settle();
      assert.deepEqual(runOf(issue.number)?.input, {
        service: "crond",
        ticket: 42,
        ratio: 0.5,
        host: "web-2",
        workers: 4,
        dry_run: true,
        notify: false,
        regions: ["eu", "ap"],
        paths: ["/var/log/a", "/var/log/b"],
        limits: { cpu: 2 },
      });
      assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    });

    it("with a bad value names each field and runs nothing", async () => {
      const bad = fields.map(([label, text]): [string, string] =>
        label === "ticket"
          ? [label, "0"]
          : label === "host"
            ? [label, "web-9"]
            : [label, text],
      );
      const issue = await h.gh.openIssue("alice", {
        title: "Run every_field",
        body: githubBody(bad),
      });
      await h.settle();
      assert.match(said(h, issue.number), /`host` must be one of/);
      assert.match(said(h, issue.number), /`ticket` must be >= 1/);
      assert.equal(runOf(issue.number), undefined);
    });
  });

  describe("with /run in a comment", () => {
    it("on an issue without a run starts one for the commenter", async () => {
      h.sshd.clearRecords();
      const issue = await h.gh.openIssue("alice", {
        title: "crond is stuck",
        body: "crond stopped answering on web-1.",
      });
      await h.gh.comment(
        "bob",
        issue.number,
        "/run service_restart_v1 service=crond host=web-1",
      );
      await h.settle();
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      const run = runOf(issue.number);
      assert.equal(run?.requesterLogin, "bob");
      assert.match(
        h.gh.issue(issue.number)?.body ?? "",
        /^crond stopped answering/,
      );
    });

    it("on an issue that holds a run says so and starts nothing", async () => {
      const issue = await h.gh.openIssue("alice", {
        title: "restart",
        body: "/run service_restart_v2 service=crond host=web-1",
      });
      await h.settle();
      const first = runOf(issue.number);
      await h.gh.comment(
        "bob",
        issue.number,
        "/run service_restart_v1 service=sshd host=web-1",
      );
      await h.settle();
      assert.match(
        said(h, issue.number),
        new RegExp(`already holds run ${first?.id}`),
      );
      assert.equal(runOf(issue.number)?.id, first?.id);
      assert.equal(runOf(issue.number)?.workflow, "service_restart_v2");
    });

    it("on a pull request is refused", async () => {
      h.gh.commit(h.repo, "notes", { "NOTES.md": "notes\n" });
      const pull = await h.gh.openPullRequest("alice", {
        head: "notes",
        title: "Notes",
      });
      await h.gh.comment(
        "alice",
        pull.number,
        "/run service_restart_v1 service=crond host=web-1",
      );
      await h.settle();
      assert.match(said(h, pull.number), /not in pull requests/);
      assert.equal(runOf(pull.number), undefined);
    });
  });

  describe("through repository_dispatch", () => {
    it("opens the run's issue itself, naming the sender as requester", async () => {
      h.sshd.clearRecords();
      const before = lastIssue(h);
      await h.gh.dispatch("carol", "approval-runner.run", {
        workflow: "service_restart_v1",
        input: restart,
      });
      await h.settle();
      const number = lastIssue(h);
      assert.equal(number, before + 1);
      assert.equal(h.gh.issue(number)?.author, "approval-runner[bot]");
      assert.match(
        h.gh.issue(number)?.body ?? "",
        /^@carol requested this run/,
      );
      const run = runOf(number);
      assert.equal(run?.requesterLogin, "carol");
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    });

    it("opens no second issue when GitHub delivers it again", async () => {
      const delivery = h.gh.deliveries.findLast(
        (d) => d.event === "repository_dispatch",
      )!;
      const before = lastIssue(h);
      await h.gh.redeliver(delivery.id);
      await h.settle();
      assert.equal(lastIssue(h), before);
    });

    it("that cannot be read records the refusal in an issue", async () => {
      const before = lastIssue(h);
      await h.gh.dispatch("carol", "approval-runner.run", { input: restart });
      await h.settle();
      assert.equal(lastIssue(h), before + 1);
      assert.match(said(h, before + 1), /`workflow` must name a workflow/);
      assert.equal(runOf(before + 1), undefined);
    });

    it("of another event type is left alone", async () => {
      const before = lastIssue(h);
      await h.gh.dispatch("carol", "deploy", {
        workflow: "service_restart_v1",
      });
      await h.settle();
      assert.equal(lastIssue(h), before);
    });
  });

  describe("limited to some requesters", () => {
    it("refuses one the workflow does not name", async () => {
      const issue = await h.gh.openIssue("alice", {
        title: "x",
        body: "/run ops_only",
      });
      await h.settle();
      assert.match(
        said(h, issue.number),
        /@alice may not request workflow `ops_only`/,
      );
      assert.match(said(h, issue.number), /members of @acme\/ops/);
      assert.equal(runOf(issue.number), undefined);
    });

    it("runs for a member of the team it names", async () => {
      const issue = await h.gh.openIssue("bob", {
        title: "x",
        body: "/run ops_only",
      });
      await h.settle();
      assert.equal(runOf(issue.number)?.requesterLogin, "bob");
    });
  });
});
