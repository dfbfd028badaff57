import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  askThenRestart,
  codesOn,
  lastText,
  openRun,
  runOf,
  say,
} from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

/** restart, then clean-up on failure or a note on success. */
const careful = askThenRestart(
  "careful",
  { users: ["bob"] },
  {
    restartNext: [
      { when: "{{ failed() }}", do: "cleanup" },
      {
        when: "{{ succeeded() }}",
        publish: { exit: "{{ result().status }}" },
        do: "done",
      },
    ],
    tasks: {
      cleanup: { action: "core.noop" },
      done: { action: "core.noop" },
    },
  },
);

/** Picks a path from the input alone, publishing as it goes. */
const paths = stringify({
  name: "paths",
  description: "Goes fast or slow.",
  input: {
    type: "object",
    required: ["speed"],
    properties: { speed: { enum: ["fast", "slow"] } },
  },
  output: { went: "{{ ctx().went }}" },
  tasks: {
    start: {
      action: "core.noop",
      next: [
        {
          when: "{{ ctx().speed == 'fast' }}",
          publish: { went: "quickly" },
          do: "fast",
        },
        {
          when: "{{ ctx().speed == 'slow' }}",
          publish: { went: "slowly" },
          do: "slow",
        },
      ],
    },
    fast: { action: "core.noop" },
    slow: { action: "core.noop" },
  },
});

/** Compares a text answer with a number: fails at run time only. */
const broken = stringify({
  name: "broken",
  description: "Its next cannot be evaluated with a text count.",
  input: { type: "object", properties: {} },
  tasks: {
    approval: {
      action: "core.ask",
      input: {
        users: ["bob"],
        schema: {
          type: "object",
          required: ["count"],
          properties: { count: { type: "string" } },
        },
      },
      next: [{ when: "{{ result().response.count > 3 }}", do: "restart" }],
    },
    restart: {
      action: "ssh.run",
      input: { host: "web-1", command: "systemctl restart crond" },
    },
  },
});

const workflows = {
  ...localWorkflows(),
  "workflows/careful.yaml": careful,
  "workflows/paths.yaml": paths,
  "workflows/broken.yaml": broken,
};

describe("the next language, end to end", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows });
  });
  afterEach(() => h.sshd.setShimBehaviour({}));
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  function tasksOf(n: number) {
    const steps = h.app.store.steps.ofRun(runOf(h, n)!.id);
    return steps.map((s) => `${s.task}:${s.status}`);
  }

  describe("a failed action with a failure path", () => {
    let n: number;
    before(async () => {
      h.sshd.clearRecords();
      h.sshd.setShimBehaviour({ exitCode: 3 });
      n = await openRun(h, "/run careful service=crond");
      await say(h, "bob", n, "/approve");
    });

    it("runs the clean-up task, once the action ran once", () => {
      assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
      assert.deepEqual(tasksOf(n), [
        "approval:succeeded",
        "restart:failed",
        "cleanup:succeeded",
      ]);
    });

    it("ends failed: a run succeeds only by a path that succeeds", () => {
      assert.deepEqual(h.gh.labels(n), ["failed"]);
      assert.match(lastText(h, n), /Run \d+ \*\*failed\*\*/);
      assert.match(lastText(h, n), /`restart` failed; the run took the path/);
    });
  });

  it("takes the success path and renders the output when the action works", async () => {
    const n = await openRun(h, "/run careful service=crond");
    await say(h, "bob", n, "/approve");
    assert.deepEqual(tasksOf(n), [
      "approval:succeeded",
      "restart:succeeded",
      "done:succeeded",
    ]);
    assert.deepEqual(h.gh.labels(n), ["succeeded"]);
    assert.match(lastText(h, n), /Output:\n\n```yaml\ndecided: approve\n```/);
  });

  it("ends failed when a failed action has no failure path", async () => {
    h.sshd.setShimBehaviour({ exitCode: 3 });
    const n = await openRun(
      h,
      "/run service_restart_v2 service=crond host=web-1",
    );
    await say(h, "bob", n, "/approved");
    assert.deepEqual(h.gh.labels(n), ["failed"]);
    assert.match(lastText(h, n), /- `restart` failed\./);
  });

  for (const speed of ["fast", "slow"]) {
    it(`follows when and publish on the input (${speed})`, async () => {
      const n = await openRun(h, `/run paths speed=${speed}`);
      assert.deepEqual(tasksOf(n), ["start:succeeded", `${speed}:succeeded`]);
      const went = speed === "fast" ? "quickly" : "slowly";
      assert.match(lastText(h, n), new RegExp(`went: ${went}`));
    });
  }

  it("names the task and the problem when an action cannot start", async () => {
    h.sshd.clearRecords();
    const n = await openRun(h, "/run careful service=crond");
    // The operator takes the host out of the inventory meanwhile.
    const host = h.config.hosts["web-1"]!;
    delete h.config.hosts["web-1"];
    try {
      await say(h, "bob", n, "/approve");
    } finally {
      h.config.hosts["web-1"] = host;
    }
    assert.deepEqual(codesOn(h, n), ["AR_RUN_TASK_FAILED"]);
    const failed = h.gh
      .comments(n)
      .find((c) => /\(`ssh.run`\) failed/.test(c.body));
    assert.match(
      failed!.body,
      /Task `restart` \(`ssh.run`\) failed: Host alias `web-1`/,
    );
    assert.deepEqual(h.sshd.records(), []);
    assert.deepEqual(tasksOf(n).slice(1), [
      "restart:failed",
      "cleanup:succeeded",
    ]);
  });

  describe("a next that fails at run time", () => {
    let n: number;
    before(async () => {
      h.sshd.clearRecords();
      n = await openRun(h, "/run broken");
      await say(h, "bob", n, '```yaml\ncount: "7"\n```');
    });

    it("names the task and the problem in the thread", () => {
      assert.deepEqual(codesOn(h, n), ["AR_RUN_ROUTE_FAILED"]);
      const text = h.gh
        .comments(n)
        .map((c) => c.body)
        .find((t) => /could not be evaluated: /.test(t));
      assert.ok(text);
      assert.match(text, /Task `approval` finished, but its `next`/);
      assert.match(text, /`>` cannot take a string and a number/);
    });

    it("runs nothing after it and ends failed", () => {
      assert.deepEqual(h.sshd.records(), []);
      assert.deepEqual(h.gh.labels(n), ["failed"]);
    });
  });
});
