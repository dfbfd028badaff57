import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { duoPlugin } from "../../src/duo/plugin.js";
import {
  type DuoStandIn,
  startDuoStandIn,
} from "../../src/standins/duo/server.js";
import { type Harness, startHarness } from "../support/harness.js";
import { launchBrowser, type TestBrowser } from "../web/browser.js";

const request = "/run service_restart_v3 service=crond host=web-1";
const skey = randomBytes(20).toString("hex");
// Nine digits, as a Duo bypass code has. The leak checks below look for
// them in logs and a store full of millisecond times and random hex, where
// a six-digit code turned up by chance about once in 3,500 runs.
const passcode = "048213957";
const wrongPasscode = "913377046";
const linkPattern = /https?:\/\/[^\s)]+\/duo\/([A-Za-z0-9_-]{43})/g;

describe("seed v3: restart after an approval and a Duo passcode", () => {
  let duo: DuoStandIn;
  let h: Harness;
  let browser: TestBrowser;
  before(async () => {
    duo = await startDuoStandIn({
      ikey: "DIE2E0000000000000V3",
      skey,
      host: "api-e2e.duosecurity.com",
      users: { bob: { status: "auth", passcodes: [passcode], push: "deny" } },
    });
    h = await startHarness({
      config: {
        duo: {
          ikey: "DIE2E0000000000000V3",
          skey,
          host: "api-e2e.duosecurity.com",
          baseUrl: duo.url,
          users: {},
          timeoutMs: 5000,
        },
      },
      plugins: () => [duoPlugin()],
    });
    // The app's port is known only once it listens.
    h.config.publicUrl = h.app.url;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await duo?.close();
  });

  it("restarts crond on web-1 once bob approves and confirms in the browser", async () => {
    const issue = await h.gh.openIssue("alice", {
      title: "restart crond",
      body: request,
    });
    await h.settle();
    await h.gh.comment("bob", issue.number, "/approve");
    await h.settle();
    const links = linksIn(h, issue.number);
    assert.equal(links.length, 1);
    assert.deepEqual(h.sshd.records(), []);
    assert.deepEqual(h.gh.labels(issue.number), ["paused"]);

    const page = await browser.context.newPage();
    await page.goto(links[0]!.url);
    await page.fill("#passcode", wrongPasscode);
    await page.click("button[value=passcode]");
    assert.equal(
      await page.getAttribute("p[data-outcome]", "data-outcome"),
      "denied",
    );
    await page.fill("#passcode", passcode);
    await page.click("button[value=passcode]");
    assert.equal(await page.getAttribute("main", "data-state"), "allowed");
    await h.settle();

    assert.deepEqual(h.sshd.records(), [["restart", "crond"]]);
    const state = h.gh.issue(issue.number)!;
    assert.equal(state.state, "closed");
    assert.deepEqual(h.gh.labels(issue.number), ["succeeded"]);
    const thread = h.gh.comments(issue.number).map((c) => c.body);
    assert.ok(thread.some((b) => /Duo \*\*denied\*\* @bob's passcode/.test(b)));
    assert.ok(
      thread.some((b) => /Duo \*\*allowed\*\* @bob's passcode/.test(b)),
    );
    assert.match(
      state.body ?? "",
      /`second_factor` \| `duo.auth` \| ✅ succeeded \| @bob/,
    );
    assert.deepEqual(h.gh.violations, []);
  });

  it("leaves no passcode, secret key or token in logs, and no passcode on the issue", () => {
    const bodies = h.gh.comments(1).map((c) => c.body);
    const tokens = bodies.flatMap((b) =>
      [...b.matchAll(linkPattern)].map((m) => m[1]!),
    );
    assert.ok(tokens.length > 0);
    const secrets = { passcode, wrongPasscode, skey };
    const named = {
      ...secrets,
      ...Object.fromEntries(tokens.map((t, i) => [`token ${i + 1}`, t])),
    };
    assert.deepEqual(leaksIn(h.logs.join("\n"), named), []);
    const issue = [...bodies, h.gh.issue(1)!.body ?? ""].join("\n");
    assert.deepEqual(leaksIn(issue, secrets), []);
    // A token belongs only in the comment that hands out its link.
    const others = bodies.filter((b) => !/\/duo\/[\w-]{43}/.test(b));
    assert.deepEqual(leaksIn(others.join("\n"), named), []);
    assert.deepEqual(leaksIn(storeBytes(h), named), []);
  });
});

/** The store's files as text, to search for what must not be kept. */
function storeBytes(h: Harness): string {
  const file = h.config.database;
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString("latin1"))
    .join("");
}

/** The names of the secrets found in `text` (never the values). */
function leaksIn(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

function linksIn(h: Harness, issue: number) {
  return h.gh
    .comments(issue)
    .flatMap((c) => [...c.body.matchAll(linkPattern)])
    .map((m) => ({ url: m[0], token: m[1]! }));
}
