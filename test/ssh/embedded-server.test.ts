import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { quoteShell, withSudo } from "../../src/ssh/quote.js";
import { runOnHost } from "../../src/ssh/run.js";
import {
  type EmbeddedSshServer,
  startEmbeddedSshServer,
} from "../../src/standins/ssh/server.js";

const options = { timeoutMs: 10_000, maxOutputBytes: 64 * 1024 };

describe("the embedded SSH stand-in", () => {
  let server: EmbeddedSshServer;
  before(async () => {
    server = await startEmbeddedSshServer();
  });
  after(() => server.stop());

  it("runs the command through sudo -n and records its argv", async () => {
    const command = withSudo(`systemctl restart ${quoteShell("crond")}`);
    const result = await runOnHost(
      server.hostConfig("web-1"),
      command,
      options,
    );
    assert.equal(result.error, undefined);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(server.records(), [["restart", "crond"]]);
    assert.equal(server.sudoRecords().length, 1);
  });

  it("refuses a key it was not given", async () => {
    const other = await startEmbeddedSshServer();
    const stranger = other.hostConfig("web-1").privateKey;
    await other.stop();
    const host = { ...server.hostConfig("web-1"), privateKey: stranger };
    const result = await runOnHost(host, "systemctl status", options);
    assert.equal(result.error?.code, "AR_SSH_CONNECT");
  });

  it("ends a command whose client gave up", async () => {
    // The limit must leave the shim time to start (it records the call),
    // however loaded the machine; the sleep must outlast the limit.
    server.setShimBehaviour({ sleepSeconds: 10 });
    server.clearRecords();
    const host = server.hostConfig("web-1");
    const result = await runOnHost(host, "systemctl restart crond", {
      ...options,
      timeoutMs: 4000,
    });
    assert.equal(result.timedOut, true);
    assert.equal(server.callSpans()[0]?.endNs, null);
  });
});
