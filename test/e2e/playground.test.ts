import assert from "node:assert/strict";
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
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
