// Takes docs/playground.png: the seed v3 request played in the
// playground (alice asks, bob approves and confirms with Duo), in Chromium.
import { join } from "node:path";
import { pino } from "pino";
import { startPlayground } from "../src/sandbox/playground/start.js";
import { repoRoot } from "../src/sandbox/stack.js";
import { launchBrowser } from "../test/web/browser.js";

const playground = await startPlayground({ log: pino({ level: "silent" }) });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(playground.url);
  await page.fill("#request-title", "Restart crond on web-1");
  await page.click("#request-submit");
  await page.fill("#comment-body", "/approve");
  await page.click("#comment-submit");
  await page.click('.comment a[href*="/duo/"]');
  await page.fill("#passcode", playground.passcodes["bob"]![0]!);
  await page.click("button[value=passcode]");
  await page.goto(`${playground.url}issues/1`);
  const file = join(repoRoot, "docs", "playground.png");
  await page.screenshot({ path: file });
  process.stdout.write(`${file}\n`);
} finally {
  await browser.close();
  await playground.close();
}
