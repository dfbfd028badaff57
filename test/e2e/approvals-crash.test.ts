import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { OperatorConfig } from "../../src/config/types.js";
import { localWorkflows } from "../../src/sandbox/stack.js";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";
import { type SshdHandle, startSshd } from "../../src/standins/ssh/sshd.js";
import { until } from "../engine/run-helpers.js";
import {
  type AppProcess,
  type AppProcessOptions,
  startAppProcess,
} from "../support/app-process.js";

const request = "/run service_restart_v2 service=crond host=web-1";
const commentsPath = /\/issues\/\d+\/comments$/;
const webhookSecret = "crash-test-webhook-secret";

/**
 * The app runs as its own process. At each step boundary, driven by what
 * the GitHub stand-in and the sshd shim observe, the test kills it with
 * SIGKILL and starts it again over the same SQLite file. No run may be
 * lost, and the action may never run a second time on its own.
 */
describe("a run whose app is killed (SIGKILL) at each step boundary", () => {
  let dir: string;
  let gh: GitHubStandIn;
  let sshd: SshdHandle;
  let options: AppProcessOptions;
  let app: AppProcess;
  let starts = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ar-crash-"));
    sshd = await startSshd({ dir: join(dir, "ssh") });
    const key = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    gh = await startGitHubStandIn({
      appId: 1,
      appSlug: "approval-runner",
      publicKeyPem: key.publicKey,
      webhookSecret,
      owner: "acme",
      repo: "ops",
    });
    for (const login of ["alice", "bob", "carol", "dave"]) gh.addUser(login);
    gh.addTeam("ops", ["bob", "carol"]);
    gh.commit(gh.repo, "main", localWorkflows(), "add workflows");
    const config: OperatorConfig = {
      publicUrl: "http://127.0.0.1:9",
      database: join(dir, "store.db"),
      hosts: {
        "web-1": sshd.hostConfig("web-1"),
        "web-2": sshd.hostConfig("web-2"),
      },
      allowSelfApproval: false,
      defaultTtlMinutes: 1440,
      commandTimeoutSeconds: 30,
    };
    options = {
      config,
      appId: 1,
      privateKey: key.privateKey,
      webhookSecret,
      baseUrl: gh.apiUrl,
      logFile: "",
    };
    await start();
  });

  after(async () => {
    await app?.stop();
    await gh?.close();
    await sshd?.stop();
    assert.deepEqual(gh.violations, []);
    if (!process.env["KEEP"]) rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    starts += 1;
    const logFile = join(dir, `app-${starts}.log`);
    app = await startAppProcess({ ...options, logFile });
    gh.setWebhookUrl(app.webhookUrl);
  }

  /** Kills the app once `check` holds, then starts it again. */
  async function crashWhen(
    check: () => boolean,
    what: string,
    meanwhile: () => void = () => {},
  ) {
    await until(check, what);
    await app.crash();
    gh.setWebhookUrl(undefined);
    meanwhile();
    await start();
  }

  /** The store's files are gone, as if its disk had been replaced. */
  function loseStore(): void {
    const file = options.config.database;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      rmSync(f, { force: true });
    }
  }

  const texts = (n: number) => gh.comments(n).map((c) => c.body);
  const has = (n: number, pattern: RegExp) =>
    texts(n).some((t) => pattern.test(t));
  const labelled = (n: number, label: string) => gh.labels(n).includes(label);

  async function open(): Promise<number> {
    const issue = await gh.openIssue("alice", {
      title: "restart",
      body: request,
    });
    return issue.number;
  }

  /** Every comment the app posted on issue `n` is there exactly once. */
  function assertNoDuplicates(n: number): void {
    const keys = texts(n).flatMap((t) =>
      [...t.matchAll(/<!-- approval-runner:([^ >]+) -->/g)].map((m) => m[1]),
    );
    assert.deepEqual(keys, [...new Set(keys)]);
  }

  async function approveAndFinish(n: number): Promise<void> {
    await gh.comment("bob", n, "/approved");
    await until(() => labelled(n, "succeeded"), "the run to succeed");
  }

  it("after the request is accepted", async () => {
    sshd.clearRecords();
    gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 3000,
      afterActing: true,
    });
    const n = await open();
    await crashWhen(
      () => has(n, /accepted for @alice/),
      "the accepted comment",
    );
    await until(() => labelled(n, "paused"), "the run to pause");
    assert.equal(texts(n).filter((t) => /Approval needed/.test(t)).length, 1);
    await approveAndFinish(n);
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assertNoDuplicates(n);
  });

  it("after the inquiry comment", async () => {
    sshd.clearRecords();
    gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 3000,
      afterActing: true,
      times: 2,
    });
    const n = await open();
    await crashWhen(() => has(n, /Approval needed/), "the inquiry comment");
    await until(() => labelled(n, "paused"), "the run to pause");
    await approveAndFinish(n);
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assertNoDuplicates(n);
  });

  it("after the answer is recorded", async () => {
    sshd.clearRecords();
    const n = await open();
    await until(() => labelled(n, "paused"), "the run to pause");
    gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 3000,
      afterActing: true,
    });
    await gh.comment("bob", n, "/approved");
    await crashWhen(
      () => has(n, /is answered \(1 of 1\)/),
      "the recorded answer",
    );
    await until(() => labelled(n, "succeeded"), "the run to succeed");
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assertNoDuplicates(n);
  });

  describe("during the action", () => {
    /**
     * Kills the app while the remote command is held (it cannot finish
     * first, however slow the machine), then lets it finish once the app
     * runs again.
     */
    async function crashDuringAction(
      meanwhile: () => void = () => {},
    ): Promise<number> {
      sshd.clearRecords();
      const n = await open();
      await until(() => labelled(n, "paused"), "the run to pause");
      sshd.setShimBehaviour({ hold: true });
      await gh.comment("bob", n, "/approved");
      try {
        await crashWhen(
          () => sshd.records().length === 1,
          "the action to start",
          meanwhile,
        );
      } finally {
        sshd.setShimBehaviour({});
        sshd.releaseHeld();
      }
      return n;
    }

    /** Waits for the unknown outcome and for the command to have ended. */
    async function untilUnknown(n: number): Promise<number> {
      await until(() => labelled(n, "outcome-unknown"), "outcome unknown");
      await until(
        () => sshd.callSpans()[0]?.endNs != null,
        "the command to end",
      );
      return n;
    }

    it("marks the outcome unknown and never runs it again on its own", async () => {
      const n = await untilUnknown(await crashDuringAction());
      assert.ok(has(n, /\*\*Outcome unknown\.\*\*/));
      await gh.comment("dave", n, "/retry");
      await until(() => has(n, /@dave may not `\/retry`/), "the refusal");
      assert.deepEqual(sshd.records(), [["restart", "crond"]]);
      await gh.comment("bob", n, "/retry");
      await until(() => labelled(n, "succeeded"), "the retried run");
      assert.equal(sshd.records().length, 2, "once more, as bob asked");
      assertNoDuplicates(n);
    });

    it("with its store lost too, is rebuilt as outcome unknown", async () => {
      const n = await crashDuringAction(loseStore);
      // A late approval makes the app look for the run it lost.
      await gh.comment("bob", n, "/approved");
      await untilUnknown(n);
      assert.ok(has(n, /rebuilt it from the state kept in this issue/));
      assert.ok(has(n, /was due or running when the app lost its record/));
      assert.deepEqual(sshd.records(), [["restart", "crond"]]);
      await gh.comment("bob", n, "/abandon");
      await until(() => labelled(n, "failed"), "the abandoned run");
      assert.deepEqual(sshd.records(), [["restart", "crond"]]);
      assertNoDuplicates(n);
    });

    it("ends failed on /abandon, with the action run once", async () => {
      const n = await untilUnknown(await crashDuringAction());
      await gh.comment("bob", n, "/abandon");
      await until(() => labelled(n, "failed"), "the abandoned run");
      assert.equal(gh.issue(n)!.state, "closed");
      assert.deepEqual(sshd.records(), [["restart", "crond"]]);
      assertNoDuplicates(n);
    });
  });

  it("after the action's result", async () => {
    sshd.clearRecords();
    const n = await open();
    await until(() => labelled(n, "paused"), "the run to pause");
    gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 3000,
      afterActing: true,
      times: 2,
    });
    await gh.comment("bob", n, "/approved");
    await crashWhen(
      () => has(n, /Task `restart` \*\*succeeded\*\*/),
      "the result",
    );
    await until(() => labelled(n, "succeeded"), "the run to succeed");
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assert.equal(gh.issue(n)!.state, "closed");
    assertNoDuplicates(n);
  });

  it("after the run's last comment, before its issue is closed", async () => {
    sshd.clearRecords();
    const n = await open();
    await until(() => labelled(n, "paused"), "the run to pause");
    gh.delayNext({
      method: "POST",
      pathPattern: commentsPath,
      ms: 3000,
      afterActing: true,
      times: 3,
    });
    await gh.comment("bob", n, "/approved");
    await crashWhen(
      () => has(n, /Run \d+ \*\*succeeded\*\*/),
      "the last comment",
    );
    await until(() => gh.labels(n).join() === "succeeded", "the last label");
    assert.equal(gh.issue(n)!.state, "closed");
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assertNoDuplicates(n);
  });
});
