import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import type { Page } from "playwright-core";
import {
  type Playground,
  startPlayground,
} from "../../src/sandbox/playground/start.js";
import { repoRoot } from "../../src/sandbox/stack.js";
import { launchBrowser, type TestBrowser } from "../web/browser.js";

const request = "/run service_restart_v3 service=crond host=web-1";

describe("the playground, driven in headless Chromium", () => {
  let dir: string;
  let p: Playground;
  let browser: TestBrowser;
  let page: Page;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ar-playground-"));
    cpSync(join(repoRoot, "workflows"), dir, { recursive: true });
    p = await startPlayground({
      log: pino({ level: "silent" }),
      workflowsDir: dir,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs the seed v3 request: alice asks, bob approves, bob confirms with Duo", async () => {
    await page.goto(p.url);
    const passcode = (await page.textContent('[data-passcodes="bob"]'))!
      .trim()
      .split(" ")[0]!;
    await page.selectOption("#request-as", "alice");
    await page.fill("#request-title", "Restart crond on web-1");
    await page.fill("#request-body", request);
    await page.click("#request-submit");
    assert.match(page.url(), /\/issues\/1$/);
    assert.equal(await mainData(page, "labels"), "paused");

    await page.selectOption("#comment-as", "bob");
    await page.fill("#comment-body", "/approve");
    await page.click("#comment-submit");
    const link = page.locator('.comment a[href*="/duo/"]');
    assert.equal(await link.count(), 1);

    await link.click();
    await page.fill("#passcode", passcode);
    await page.click("button[value=passcode]");
    assert.equal(await page.getAttribute("main", "data-state"), "allowed");

    await page.goto(`${p.url}issues/1`);
    assert.equal(await mainData(page, "issue-state"), "closed");
    assert.equal(await mainData(page, "labels"), "succeeded");
    const authors = await page.$$eval(".comment", (nodes) =>
      nodes.map((n) => n.getAttribute("data-author")),
    );
    assert.deepEqual(authors.slice(0, 1), ["alice"]);
    assert.ok(authors.includes("bob"));
    assert.deepEqual(p.stack.sshd.records(), [["restart", "crond"]]);
  });

  it("shows threads without the app's hidden markers, and people's HTML as text", async () => {
    await p.stack.gh.comment(
      "carol",
      1,
      "<script>window.pwned = 1</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    );
    await page.goto(`${p.url}issues/1`);
    const html = await page.content();

    assert.doesNotMatch(html, /approval-runner:/);
    assert.doesNotMatch(html, /<script>window/);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /href="javascript:/);
    assert.match(html, /&lt;script&gt;window\.pwned/);
    assert.match(html, /<table>/);
  });

  it("commits an edited runbook before the next request", async () => {
    const file = join(dir, "service_restart_v2.yaml");
    const edited = readFileSync(file, "utf8").replace(
      "enum: [web-1, web-2]",
      "enum: [web-2]",
    );
    writeFileSync(file, edited);
    await page.goto(p.url);
    await page.fill(
      "#request-body",
      "/run service_restart_v2 service=crond host=web-1",
    );
    await page.click("#request-submit");

    const { owner, repo, apiUrl } = p.stack.gh;
    const url = `${apiUrl}/repos/${owner}/${repo}/contents/workflows/service_restart_v2.yaml`;
    const served = await fetch(url, {
      headers: { authorization: `token ${p.tokens["alice"]}` },
    });
    const content = ((await served.json()) as { content: string }).content;

    assert.equal(Buffer.from(content, "base64").toString("utf8"), edited);
    assert.equal(await mainData(page, "labels"), "");
    assert.equal(await mainData(page, "issue-state"), "open");
  });

  it("refuses a form posted without the page's CSRF value", async () => {
    const response = await fetch(`${p.url}issues`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ as: "alice", body: request }),
    });
    assert.equal(response.status, 403);
  });

  it("opens as http://localhost:<port>/ in the browser", async () => {
    const port = new URL(p.url).port;
    const response = await page.goto(`http://localhost:${port}/`);
    assert.equal(response?.status(), 200);
    assert.ok(await page.locator("#request-submit").count());
  });

  describe("the host names it answers to", () => {
    const cases: Array<[string, (port: string) => string, number]> = [
      ["127.0.0.1 with its port", (port) => `127.0.0.1:${port}`, 200],
      ["localhost with its port", (port) => `localhost:${port}`, 200],
      ["LOCALHOST with its port", (port) => `LOCALHOST:${port}`, 200],
      ["[::1] with its port", (port) => `[::1]:${port}`, 200],
      ["a foreign host", () => "attacker.example", 421],
      [
        "a foreign host with its port",
        (port) => `attacker.example:${port}`,
        421,
      ],
      ["localhost without a port", () => "localhost", 421],
      [
        "localhost with another port",
        (port) => `localhost:${Number(port) + 1}`,
        421,
      ],
      ["127.0.0.1 without a port", () => "127.0.0.1", 421],
      [
        "a name under localhost",
        (port) => `localhost.attacker.example:${port}`,
        421,
      ],
      ["a name ending in localhost", (port) => `evil-localhost:${port}`, 421],
      ["::1 without brackets", (port) => `::1:${port}`, 421],
    ];
    for (const [name, host, expected] of cases) {
      it(`answers ${expected} to ${name}`, async () => {
        const port = new URL(p.url).port;
        assert.equal(await statusFor(p.url, host(port)), expected);
      });
    }
  });
});

/** The status of GET / sent to the page with a given Host header. */
function statusFor(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const headers = { host };
    get(url, { headers }, (res) => resolve(res.resume().statusCode)).on(
      "error",
      reject,
    );
  });
}

function mainData(page: Page, name: string) {
  return page.getAttribute("main", `data-${name}`);
}

describe("npm run playground, stopped from outside", () => {
  const play = "node --import tsx src/sandbox/play.ts";
  const cases: Array<[string, NodeJS.Signals, "playground" | "launcher"]> = [
    ["SIGINT", "SIGINT", "playground"],
    ["SIGTERM", "SIGTERM", "playground"],
    ["SIGHUP (its terminal closed)", "SIGHUP", "playground"],
    ["the end of the shell that launched it", "SIGKILL", "launcher"],
  ];
  for (const [name, signal, target] of cases) {
    it(`closes the whole stack, sshd included, on ${name}`, async () => {
      const tmp = mkdtempSync(join(tmpdir(), "ar-play-signal-"));
      // The shell stays as the launcher (`; true`), as npm's `sh -c` does.
      const launcher = spawn("/bin/sh", ["-c", `${play}; true`], {
        cwd: repoRoot,
        env: { ...process.env, TMPDIR: tmp },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const started: number[] = [];
      try {
        const output = await outputUntil(launcher, "Press Ctrl-C to stop.");
        const node = childrenOf(launcher.pid!).find((c) => c.name === "node");
        assert.ok(node, "the playground's node process");
        const sshd = childrenOf(node.pid).filter((c) => c.name === "sshd");
        started.push(node.pid, ...sshd.map((c) => c.pid));
        assert.equal(sshd.length, /OpenSSH sshd/.test(output.text) ? 1 : 0);

        process.kill(target === "launcher" ? launcher.pid! : node.pid, signal);
        await gone(node.pid);

        assert.equal(isAlive(node.pid), false);

        for (const { pid } of sshd) assert.equal(isAlive(pid), false);
        assert.match(output.text, /Stopping the playground\./);
        assert.deepEqual(stackDirs(tmp), []);
      } finally {
        // sshd leads a session of its own, so the group kill misses it.
        for (const pid of started.filter(isAlive)) process.kill(pid, "SIGKILL");
        if (isAlive(launcher.pid!)) process.kill(-launcher.pid!, "SIGKILL");
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

/** All a process writes to stdout, once `text` has appeared in it. */
async function outputUntil(child: ChildProcess, text: string) {
  const output = { text: "" };
  child.stdout!.on("data", (chunk: Buffer) => {
    output.text += chunk.toString("utf8");
  });
  child.stderr!.resume();
  while (!output.text.includes(text)) {
    assert.equal(child.exitCode, null, output.text);
    await sleep(100);
  }
  return output;
}

/**
 * Waits until a process (not necessarily our child) has exited, or for
 * a minute: one that never stops must fail the test, not hang the suite.
 */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 600 && isAlive(pid); i++) await sleep(100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's children and their command names, read from /proc. */
function childrenOf(parent: number): Array<{ pid: number; name: string }> {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === parent) found.push({ pid: Number(entry), name });
  }
  return found;
}

function readProc(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // gone since the listing
  }
}

/** The stack's temporary folders (sshd's keys and config) left in `tmp`. */
function stackDirs(tmp: string): string[] {
  if (!existsSync(tmp)) return [];
  return readdirSync(tmp).filter((name) => name.startsWith("ar-stack-"));
}
