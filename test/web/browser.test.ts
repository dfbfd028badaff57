import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "./browser.js";
import {
  type FormFixture,
  goodPasscodes,
  runToDuo,
  startFormFixture,
  wrongPasscode,
} from "./fixture.js";

const passcodes = [...goodPasscodes["bob"]!];

async function mainData(page: Page, name: string) {
  return page.getAttribute("main", `data-${name}`);
}

describe("the Duo form in Chromium", () => {
  let f: FormFixture;
  let browser: TestBrowser;
  let page: Page;
  before(async () => {
    f = await startFormFixture();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await f?.close();
  });

  async function openLink(): Promise<{ url: string; issue: number }> {
    const waiting = await runToDuo(f, "v3");
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const url = waiting.links["bob"]!;
    await page.goto(url);
    return { url, issue: waiting.issue };
  }

  it("confirms with a typed passcode and shows the result", async () => {
    await openLink();
    assert.equal(await mainData(page, "state"), "form");
    const passcode = passcodes.shift()!;
    await page.fill("#passcode", passcode);
    await page.click("button[value=passcode]");
    assert.equal(await mainData(page, "state"), "allowed");
    assert.match((await page.textContent("h1")) ?? "", /Confirmed/);
    assert.equal((await page.content()).includes(passcode), false);
    await page.close();
  });

  it("refuses a wrong passcode, shows the form again empty, and never echoes it", async () => {
    await openLink();
    await page.fill("#passcode", wrongPasscode);
    await page.press("#passcode", "Enter");
    const notice = await page.getAttribute("p[data-outcome]", "data-outcome");
    assert.equal(notice, "denied");
    assert.equal(await page.inputValue("#passcode"), "");
    assert.equal((await page.content()).includes(wrongPasscode), false);
    await page.close();
  });

  it("refuses a link used before", async () => {
    const { url } = await openLink();
    await page.fill("#passcode", passcodes.shift()!);
    await page.click("button[value=passcode]");
    assert.equal(await mainData(page, "state"), "allowed");
    await page.goto(url);
    assert.equal(await mainData(page, "code"), "AR_FORM_USED");
    await page.close();
  });

  it("refuses an expired link", async () => {
    await openLink();
    f.clock.offsetMs += 11 * 60_000;
    try {
      await page.fill("#passcode", passcodes[0]!);
      await page.click("button[value=passcode]");
      assert.equal(await mainData(page, "code"), "AR_FORM_EXPIRED");
      assert.match((await page.textContent("main")) ?? "", /\/duo/);
    } finally {
      f.clock.offsetMs = 0;
    }
    await page.close();
  });

  it("refuses a POST from the page without its CSRF field", async () => {
    await openLink();
    // A string, as the test code is not type-checked against the DOM.
    await page.evaluate("document.querySelector('input[name=csrf]').remove()");
    await page.fill("#passcode", passcodes[0]!);
    await page.click("button[value=passcode]");
    assert.equal(await mainData(page, "code"), "AR_FORM_CSRF");
    await page.close();
  });

  describe("a form on another site that posts to the link", () => {
    let evil: Server;
    before(async () => {
      evil = createServer();
      await new Promise<void>((r) => evil.listen(0, "localhost", r));
    });
    after(() => new Promise<void>((r) => evil.close(() => r())));

    it("is refused: the strict cookie stays home and no CSRF value is known", async () => {
      const { url } = await openLink();
      evil.removeAllListeners("request");
      evil.on("request", (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          `<form method="post" action="${url}"><input name="passcode" value="${passcodes[0]}"><input name="csrf" value="guess"><button>go</button></form>`,
        );
      });
      const { port } = evil.address() as AddressInfo;
      await page.goto(`http://localhost:${port}/`);
      await page.click("button");
      await page.waitForURL(url);
      assert.equal(await mainData(page, "code"), "AR_FORM_CSRF");
      await page.close();
    });
  });
});
