import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sshRunAction } from "../../src/actions/ssh-run.js";
import type { ActionContext } from "../../src/actions/types.js";
import type { HostConfig } from "../../src/config/types.js";
import { type ErrorCode, isAppError } from "../../src/errors.js";
import { code } from "../../src/markdown.js";
import { timerDelay } from "../../src/ssh/exec.js";
import type { TaskSpec } from "../../src/workflow/types.js";

const web1: HostConfig = {
  alias: "web-1",
  host: "127.0.0.1",
  port: 1,
  user: "nobody",
  privateKey: "",
  hostKey: "SHA256:none",
  connectTimeoutMs: 1000,
};

/** An ssh.run step whose input renders against `ctx`. */
function contextFor(
  input: Record<string, unknown>,
  ctx: Record<string, unknown> = {},
): ActionContext {
  const task: TaskSpec = {
    name: "restart",
    action: "ssh.run",
    input: { command: "systemctl restart crond", ...input },
    next: [],
    pos: { line: 1, col: 1 },
    inputPos: {},
  };
  const config = { hosts: { "web-1": web1 }, commandTimeoutSeconds: 30 };
  // Only what resolving the input reads: each case fails before connecting.
  return {
    task,
    scope: { ctx, tasks: {} },
    services: { config },
  } as unknown as ActionContext;
}

function refusedWith(code: ErrorCode, ...words: string[]) {
  return (err: unknown) => {
    assert.ok(isAppError(err, code), String(err));
    for (const w of words) assert.ok(err.message.includes(w), err.message);
    return true;
  };
}

describe("ssh.run, on a host alias rendered at run time", () => {
  const unknown = ["db-9", "__proto__", "constructor", "toString", ""];
  for (const alias of unknown) {
    it(`refuses ${JSON.stringify(alias)}, which the inventory lacks`, async () => {
      const context = contextFor({ host: "{{ ctx().host }}" }, { host: alias });
      await assert.rejects(
        sshRunAction.execute(context),
        refusedWith("AR_HOST_UNKNOWN", code(alias), "web-1"),
      );
    });
  }

  it("refuses a list with one alias the inventory lacks", async () => {
    const hosts = ["web-1", "{{ ctx().other }}"];
    const context = contextFor({ hosts }, { other: "db-9" });
    await assert.rejects(
      sshRunAction.execute(context),
      refusedWith("AR_HOST_UNKNOWN", "`db-9`"),
    );
  });
});

describe("ssh.run, on settings that render to what the action refuses", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["text as concurrency", { concurrency: "{{ ctx().c }}" }, ["concurrency"]],
    ["text as timeout", { timeout: "{{ ctx().c }}" }, ["timeout"]],
    ["a timeout past a day", { timeout: 2_147_484 }, ["timeout", "86400"]],
    ["no concurrency at all", { concurrency: 0 }, ["concurrency", "(got `0`)"]],
    ["an empty host list", { host: undefined, hosts: [] }, ["hosts"]],
    ["a number as host", { host: "{{ ctx().n }}" }, ["host", "(got `7`)"]],
  ];
  for (const [name, input, words] of cases) {
    it(`refuses ${name}, naming the field`, async () => {
      const context = contextFor(
        { host: "web-1", ...input },
        { c: "abc", n: 7 },
      );
      await assert.rejects(
        sshRunAction.execute(context),
        refusedWith("AR_ACTION_INPUT_INVALID", ...words.map(inCode)),
      );
    });
  }

  it("shows the text it got", async () => {
    const context = contextFor(
      { host: "web-1", concurrency: "{{ ctx().c }}" },
      { c: "abc" },
    );
    await assert.rejects(
      sshRunAction.execute(context),
      refusedWith("AR_ACTION_INPUT_INVALID", '(got `"abc"`)'),
    );
  });
});

describe("ssh.run, on a stored command that puts a value inside quotes", () => {
  const commands = [
    'echo "restarting {{ ctx().s }}"',
    "echo 'restarting {{ ctx().s }}'",
    "true # {{ ctx().s }}",
  ];
  for (const command of commands) {
    it(`renders nothing and connects nowhere: ${command}`, async () => {
      const context = contextFor(
        { host: "web-1", command, sudo: true },
        { s: "$(touch /tmp/never)" },
      );
      await assert.rejects(
        sshRunAction.execute(context),
        refusedWith("AR_SSH_VALUE_QUOTED", "`restart`"),
      );
    });
  }
});

/** A field name as messages show it; other words as they are. */
function inCode(word: string): string {
  return /^[a-z]+$/.test(word) ? `\`${word}\`` : word;
}

describe("the timer that bounds an SSH command", () => {
  const cases: [string, number, number][] = [
    ["a day", 86_400_000, 86_400_000],
    ["Node's longest wait", 2_147_483_647, 2_147_483_647],
    ["a wait past Node's longest", 2_147_484_000, 2_147_483_647],
    ["an endless wait", Number.POSITIVE_INFINITY, 2_147_483_647],
    ["an unknown wait", Number.NaN, 2_147_483_647],
    ["no wait", 0, 1],
    ["a negative wait", -5, 1],
  ];
  for (const [name, ms, expected] of cases) {
    it(`waits ${expected} ms for ${name}`, () => {
      assert.equal(timerDelay(ms), expected);
    });
  }
});
