import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import pino from "pino";
import { fingerprintOf } from "../../src/ssh/fingerprint.js";
import { quoteShell, withSudo } from "../../src/ssh/quote.js";
import { renderSshReport } from "../../src/ssh/report.js";
import { type HostResult, runOnHost } from "../../src/ssh/run.js";
import { summarizeSshResults } from "../../src/ssh/summary.js";
import { readableEd25519Pair } from "../../src/standins/ssh/keys.js";
import {
  freePort,
  type SshdHandle,
  startSshd,
} from "../../src/standins/ssh/sshd.js";

const options = { timeoutMs: 10_000, maxOutputBytes: 64 * 1024 };
const restart = (service: string) =>
  withSudo(`systemctl restart ${quoteShell(service)}`);

/** Asserts a people-facing message carries no key and no stack. */
function assertNoSecretOrStack(result: HostResult) {
  const message = result.error?.message ?? "";
  assert.doesNotMatch(message, /PRIVATE KEY|\n\s+at /);
}

describe("runOnHost against OpenSSH sshd", () => {
  let sshd: SshdHandle;
  before(async () => {
    sshd = await startSshd();
  });
  after(() => sshd.stop());
  beforeEach(() => {
    sshd.clearRecords();
    sshd.setShimBehaviour({});
  });

  it("runs the command through sudo -n and reports exit 0", async () => {
    const result = await runOnHost(
      sshd.hostConfig("web-1"),
      restart("crond"),
      options,
    );
    assert.equal(result.error, undefined);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(sshd.records(), [["restart", "crond"]]);
    assert.deepEqual(sshd.sudoRecords()[0]?.slice(0, 4), [
      "-n",
      "--",
      "sh",
      "-c",
    ]);
    assert.equal(summarizeSshResults([result]).status, "succeeded");
  });

  it("reports a non-zero exit and marks the run failed", async () => {
    sshd.setShimBehaviour({ exitCode: 3 });
    const host = sshd.hostConfig("web-1");
    const result = await runOnHost(host, restart("crond"), options);
    assert.equal(result.exitCode, 3);
    assert.equal(result.timedOut, false);
    assert.equal(summarizeSshResults([result]).status, "failed");
  });

  it("reports the signal that ended the command", async () => {
    const host = sshd.hostConfig("web-1");
    const result = await runOnHost(host, "kill -TERM $$", options);
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, "SIGTERM");
  });

  it("closes the channel when the command outlives its timeout", async () => {
    // The limit must leave the shim time to start (it records the call),
    // however loaded the machine; the sleep must outlast the limit.
    sshd.setShimBehaviour({ sleepSeconds: 10 });
    const host = sshd.hostConfig("web-1");
    const result = await runOnHost(host, restart("crond"), {
      ...options,
      timeoutMs: 4000,
    });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.equal(result.error?.code, "AR_SSH_TIMEOUT");
    assert.equal(sshd.callSpans().length, 1);
    assert.equal(sshd.callSpans()[0]?.endNs, null, "the call did not finish");
  });

  it("keeps head and tail of 10 MB of output", async () => {
    const total = 10 * 1024 * 1024;
    sshd.setShimBehaviour({ outputBytes: total });
    const host = sshd.hostConfig("web-1");
    const result = await runOnHost(host, restart("crond"), options);
    assert.equal(result.exitCode, 0);
    assert.ok(result.stdout.droppedBytes > 0);
    const kept = Buffer.byteLength(result.stdout.text) - markBytes(result);
    assert.equal(kept + result.stdout.droppedBytes, total);
    assert.ok(kept <= options.maxOutputBytes);
    const report = renderSshReport([result], {
      command: restart("crond"),
      maxChars: 65_536,
    });
    assert.ok(report.length <= 65_536);
  });

  it("refuses a host whose key differs from the pin", async () => {
    const pinned = fingerprintOf(Buffer.from("some other host key"));
    const real = sshd.hostConfig("web-1");
    const result = await runOnHost(
      { ...real, hostKey: pinned },
      restart("x"),
      options,
    );
    assert.equal(result.error?.code, "AR_HOST_KEY_MISMATCH");
    assert.ok(result.error?.message.includes(pinned));
    assert.ok(result.error?.message.includes(real.hostKey));
    assert.deepEqual(sshd.records(), []);
    assert.deepEqual(sshd.sudoRecords(), []);
  });

  it("names the alias when the server refuses the user key", async () => {
    const stranger = readableEd25519Pair().private;
    const host = { ...sshd.hostConfig("web-9"), privateKey: stranger };
    const lines: string[] = [];
    const log = pino({ level: "debug" }, { write: (l) => lines.push(l) });
    const result = await runOnHost(host, restart("crond"), {
      ...options,
      log,
    });
    assert.equal(result.error?.code, "AR_SSH_CONNECT");
    assert.match(result.error?.message ?? "", /`web-9`/);
    assertNoSecretOrStack(result);
    assert.deepEqual(sshd.records(), []);
    const keyLines = stranger.split("\n").filter((l) => /^[\w+/=]+$/.test(l));
    assert.ok(lines.length > 0 && keyLines.length > 2);
    for (const keyLine of keyLines) {
      assert.ok(
        lines.every((l) => !l.includes(keyLine)),
        "no key in logs",
      );
    }
  });

  it("reports a connection lost mid-command as not known", async () => {
    // Killing its own sshd session process drops the connection.
    const host = sshd.hostConfig("web-1");
    const result = await runOnHost(host, "kill -KILL $PPID", options);
    assert.equal(result.exitCode, null);
    assert.equal(result.error?.code, "AR_SSH_EXEC");
    assert.equal(summarizeSshResults([result]).status, "failed");
  });
});

describe("runOnHost without a server", () => {
  it("reports a closed port as a connect error", async () => {
    const port = await freePort();
    const result = await runOnHost(hostAt(port, 5000), "true", options);
    assert.equal(result.error?.code, "AR_SSH_CONNECT");
    assert.match(result.error?.message ?? "", /refused/);
    assertNoSecretOrStack(result);
  });

  it("gives up on a server that never speaks SSH", async () => {
    const silent = await listenSilently();
    const port = (silent.address() as { port: number }).port;
    const result = await runOnHost(hostAt(port, 500), "true", options);
    silent.close();
    assert.equal(result.error?.code, "AR_SSH_CONNECT");
    assert.match(result.error?.message ?? "", /handshake/);
  });

  it("reports an unreadable private key without showing it", async () => {
    const host = { ...hostAt(await freePort(), 5000), privateKey: "junk" };
    const result = await runOnHost(host, "true", options);
    assert.equal(result.error?.code, "AR_SSH_CONNECT");
    assert.ok(!result.error?.message.includes("junk"));
  });
});

function hostAt(port: number, connectTimeoutMs: number) {
  return {
    alias: "web-1",
    host: "127.0.0.1",
    port,
    user: "nobody",
    privateKey: readableEd25519Pair().private,
    hostKey: fingerprintOf(Buffer.from("unused")),
    connectTimeoutMs,
  };
}

/** Accepts TCP connections and never answers, to hold a handshake. */
function listenSilently(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on("error", () => {});
    server.once("close", () => socket.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(server)),
  );
}

function markBytes(result: HostResult): number {
  const { droppedBytes } = result.stdout;
  return Buffer.byteLength(`\n… ${droppedBytes} bytes dropped …\n`);
}
