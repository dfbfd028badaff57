import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

const main = new URL("../../src/server/main.ts", import.meta.url).pathname;
const tsx = import.meta.resolve("tsx");
const secret = "ghp_R3ndomLookingTokenValue0123456789";
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "ar-start-up-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` in an empty folder (no .env) with `config` as AR_CONFIG. */
function start(config: string) {
  const file = join(dir, "config.yaml");
  writeFileSync(file, config);
  const env = { PATH: process.env["PATH"] ?? "", AR_CONFIG: file };
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const argv = ["--import", tsx, main];
    execFile(process.execPath, argv, { cwd: dir, env }, (err, _, stderr) => {
      done({ code: err ? (err.code as number) : 0, stderr });
    });
  });
}

describe("npm start with a broken operator config", () => {
  it("prints every problem without a stack and exits non-zero", async () => {
    const config = `hosts:
  web-1:
    host: 10.0.0.11
    port: "2222"
    user: deploy
    privateKeyPath: ${secret}
    hostKey: SHA256:${"A".repeat(43)}
maxTTLMinutes: 60
`;
    const { code, stderr } = await start(config);
    assert.notEqual(code, 0);
    assert.match(stderr, /AR_CONFIG|invalid/);
    assert.match(stderr, /`hosts\.web-1\.port`/);
    assert.match(stderr, /`hosts\.web-1\.privateKeyPath`/);
    assert.match(stderr, /`maxTTLMinutes`/);
    assert.doesNotMatch(stderr, /^\s+at /m, "a stack was printed");
    assert.ok(!stderr.includes(secret), stderr);
  });

  it("prints a YAML error by place only", async () => {
    const { code, stderr } = await start(`note: ${secret} : [\n`);
    assert.notEqual(code, 0);
    assert.match(stderr, /line \d+, column \d+/);
    assert.ok(!stderr.includes(secret), stderr);
  });
});
