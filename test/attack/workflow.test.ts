import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadWorkflow } from "../../src/workflow/load.js";
import { type Harness, startHarness } from "../support/harness.js";

const options = { hosts: ["web-1", "web-2"] };

/**
 * The input allows only web-1, but the approval's free-text answer is
 * published under the same name, so whoever answers picks the host.
 */
const shadowedHost = `
name: shadowed_host
description: The host input is an enum; an answer overwrites it.
input:
  type: object
  required: [host]
  properties:
    host: { type: string, enum: [web-1] }
tasks:
  approval:
    action: core.ask
    input:
      users: [bob]
      schema:
        type: object
        required: [target]
        properties:
          target: { type: string }
    next:
      - publish:
          host: "{{ result().response.target }}"
        do: restart
  restart:
    action: ssh.run
    input:
      host: "{{ ctx().host }}"
      command: "systemctl restart crond"
`;

/**
 * The loader lets a publish set a host input to a literal alias; the
 * approval is then asked before the host is known.
 */
const failoverHost = `
name: failover_host
description: An answer may move the restart to web-2.
input:
  type: object
  required: [host]
  properties:
    host: { type: string, enum: [web-1, web-2] }
tasks:
  approval:
    action: core.ask
    input:
      users: [bob]
      schema:
        type: object
        required: [decision]
        properties:
          decision: { type: string, enum: [approve, failover] }
    next:
      - when: "{{ result().response.decision == 'approve' }}"
        do: restart
      - when: "{{ result().response.decision == 'failover' }}"
        publish: { host: web-2 }
        do: restart
  restart:
    action: ssh.run
    input:
      host: "{{ ctx().host }}"
      command: "systemctl restart crond"
`;

/** Action settings filled from a free string input. */
const templatedSettings = `
name: templated_settings
description: concurrency and timeout come from the requester as text.
input:
  type: object
  properties:
    c: { type: string }
tasks:
  restart:
    action: ssh.run
    input:
      host: web-1
      concurrency: "{{ ctx().c }}"
      timeout: "{{ ctx().c }}"
      command: "systemctl restart crond"
`;

/** A timeout the action schema allows, past what setTimeout can wait. */
const hugeTimeout = `
name: huge_timeout
description: A command allowed to run for about 25 days.
input: { type: object, properties: {} }
tasks:
  restart:
    action: ssh.run
    input:
      host: web-1
      timeout: 2147484
      command: "systemctl restart crond"
`;

/** The longest timeout the action allows: a day. */
const longTimeout = hugeTimeout
  .replace("huge_timeout", "long_timeout")
  .replace("about 25 days", "a day")
  .replace("2147484", "86400");

function codes(text: string): string[] {
  return loadWorkflow(text, "workflows/t.yaml", options).problems.map(
    (p) => p.code ?? "",
  );
}

describe("the loader, on hosts chosen by a workflow's own variables", () => {
  it("refuses a publish that overwrites an enum-checked host input", () => {
    const problems = loadWorkflow(
      shadowedHost,
      "workflows/t.yaml",
      options,
    ).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.col]),
      [["host", 21, 17]],
      "reported where the reply is published",
    );
  });

  it("lets a publish set a host input to a literal inventory alias", () => {
    assert.deepEqual(codes(failoverHost), []);
  });
});

describe("the loader, on ssh.run settings filled from input", () => {
  it("refuses concurrency and timeout that may render to text", () => {
    const { problems } = loadWorkflow(
      templatedSettings,
      "workflows/t.yaml",
      options,
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.col]),
      [
        ["action-input", 13, 20],
        ["action-input", 14, 16],
      ],
      "reported at concurrency and at timeout",
    );
    assert.match(problems[0]?.message ?? "", /`concurrency`.*literal integer/);
    assert.match(problems[1]?.message ?? "", /`timeout`.*literal integer/);
  });

  it("refuses a timeout longer than a timer can wait", () => {
    const { problems } = loadWorkflow(hugeTimeout, "workflows/t.yaml", options);
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.col]),
      [["action-input", 10, 16]],
      "reported at the timeout",
    );
    assert.match(problems[0]?.message ?? "", /timeout.*86400/);
    assert.deepEqual(codes(longTimeout), []);
  });
});

describe("runs of such workflows, end to end", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/shadowed_host.yaml": shadowedHost,
        "workflows/failover_host.yaml": failoverHost,
        "workflows/templated_settings.yaml": templatedSettings,
        "workflows/huge_timeout.yaml": hugeTimeout,
        "workflows/long_timeout.yaml": longTimeout,
      },
    });
  });
  after(() => h?.close());

  const bodies = (issue: number) => h.gh.comments(issue).map((c) => c.body);

  it("never runs on a host the approval did not show", async () => {
    const ran = h.sshd.records().length;
    const issue = await h.gh.openIssue("alice", {
      title: "restart",
      body: "/run shadowed_host host=web-1",
    });
    await h.settle();
    // The loader refuses the workflow: nothing is stored, asked or run.
    assert.equal(
      h.app.store.runs.find(h.owner, h.repo, issue.number),
      undefined,
    );
    const refusal = bodies(issue.number).join("\n");
    assert.match(refusal, /`shadowed_host` on the default branch is invalid/);
    assert.match(refusal, /workflows\/shadowed_host\.yaml:\d+:\d+/);
    const asked = bodies(issue.number).find((b) => /Approval needed/.test(b));
    assert.equal(asked, undefined);
    await h.gh.comment("bob", issue.number, "```yaml\ntarget: web-2\n```");
    await h.settle();
    const ssh = bodies(issue.number).find((b) => /### SSH:/.test(b)) ?? "";
    assert.doesNotMatch(ssh, /`web-2`/);
    assert.equal(h.sshd.records().length, ran, "a command ran");
  });

  it("says the host is not known yet when a later answer may change it", async () => {
    const issue = await h.gh.openIssue("alice", {
      title: "restart",
      body: "/run failover_host host=web-1",
    });
    await h.settle();
    const asked = bodies(issue.number).find((b) => /Approval needed/.test(b));
    assert.ok(asked, "no inquiry was asked");
    assert.doesNotMatch(asked, /runs on `web-1`/);
    assert.match(
      asked,
      /`restart` runs `ssh\.run` \(its hosts or command depend on later answers\)/,
    );
    await h.gh.comment("bob", issue.number, "/failover");
    await h.settle();
    const ssh = bodies(issue.number).find((b) => /### SSH:/.test(b)) ?? "";
    assert.match(ssh, /`web-2`/);
    assert.doesNotMatch(ssh, /`web-1`/);
  });

  it("answers settings that are not numbers with a clear error", async () => {
    const issue = await h.gh.openIssue("alice", {
      title: "restart",
      body: "/run templated_settings c=abc",
    });
    await h.settle();
    const text = bodies(issue.number).join("\n");
    assert.doesNotMatch(text, /an internal error/);
    assert.equal(
      h.app.store.runs.find(h.owner, h.repo, issue.number),
      undefined,
    );
    assert.match(text, /`concurrency` of task `restart` must be a literal/);
    assert.match(text, /`timeout` of task `restart` must be a literal/);
  });

  it("lets a command with a long timeout finish", async () => {
    h.sshd.setShimBehaviour({ sleepSeconds: 1 });
    try {
      const issue = await h.gh.openIssue("alice", {
        title: "restart",
        body: "/run long_timeout",
      });
      await h.settle();
      assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    } finally {
      h.sshd.setShimBehaviour({});
    }
  });

  it("refuses a timeout no timer can wait before anything runs", async () => {
    const ran = h.sshd.records().length;
    const issue = await h.gh.openIssue("alice", {
      title: "restart",
      body: "/run huge_timeout",
    });
    await h.settle();
    assert.equal(
      h.app.store.runs.find(h.owner, h.repo, issue.number),
      undefined,
    );
    assert.match(bodies(issue.number).join("\n"), /timeout.*86400/);
    assert.equal(h.sshd.records().length, ran, "a command ran");
  });
});
