import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Harness, startHarness } from "../support/harness.js";

/**
 * A workflow whose command puts an input inside shell quotes of its own.
 * `quoteShell` wraps the value in single quotes, which inside the
 * author's quotes either stay literal (double quotes) or close them
 * (single quotes), so the value is parsed by the shell after all.
 */
function quotedCommand(name: string, command: string): string {
  return `
name: ${name}
description: The service name is shown inside quotes of the command.
input:
  type: object
  required: [service]
  properties:
    service: { type: string, maxLength: 200 }
tasks:
  restart:
    action: ssh.run
    input:
      host: web-1
      command: ${JSON.stringify(command)}
`;
}

const quoted: Array<[string, string, string]> = [
  [
    "double quotes",
    "say_double",
    'echo "restarting {{ ctx().service }}"; systemctl restart crond',
  ],
  [
    "single quotes",
    "say_single",
    "echo 'restarting {{ ctx().service }}'; systemctl restart crond",
  ],
  [
    "sudo and double quotes",
    "say_sudo",
    'echo "restarting {{ ctx().service }}" && systemctl restart crond',
  ],
];

/** A value echoed back as data, for each shape JSON can carry. */
const echoValues = `
name: echo_values
description: Passes any JSON value to systemctl.
input:
  type: object
  properties:
    v: {}
tasks:
  restart:
    action: ssh.run
    input:
      host: web-1
      command: "systemctl restart {{ ctx().v }}"
`;

function workflows(): Record<string, string> {
  const files: Record<string, string> = {
    "workflows/echo_values.yaml": echoValues,
  };
  for (const [what, name, command] of quoted) {
    const text = quotedCommand(name, command);
    files[`workflows/${name}.yaml`] =
      what === "sudo and double quotes"
        ? text.replace("host: web-1", "host: web-1\n      sudo: true")
        : text;
  }
  return files;
}

describe("a requester's value inside quotes the workflow author wrote", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows: workflows() });
  });
  after(() => h.close());

  for (const [what, name] of quoted) {
    it(`stays data inside ${what}: no command in it runs`, async () => {
      const marker = join(h.dir, `injected-${name}`);
      const service = `$(touch ${marker})`;
      await h.gh.dispatch("alice", "approval-runner.run", {
        workflow: name,
        input: { service },
      });
      await h.settle();
      assert.equal(existsSync(marker), false, "the value ran as a command");
    });
  }
});

describe("values of every JSON type interpolated into a command", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows: { ...workflows() } });
  });
  after(() => h.close());

  const table: Array<[string, unknown, string]> = [
    ["an array", ["a;b", "c"], '["a;b","c"]'],
    ["an object", { k: "$(id) x" }, '{"k":"$(id) x"}'],
    ["a number", 42, "42"],
    ["a boolean", true, "true"],
    ["null", null, ""],
  ];
  for (const [what, v, argument] of table) {
    it(`reach the host as one literal argument: ${what}`, async () => {
      h.sshd.clearRecords();
      await h.gh.dispatch("alice", "approval-runner.run", {
        workflow: "echo_values",
        input: { v },
      });
      await h.settle();
      assert.deepEqual(h.sshd.records(), [["restart", argument]]);
    });
  }
});

describe("a request whose value holds a NUL character", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/nul_value.yaml": echoValues
          .replace("echo_values", "nul_value")
          .replace(
            "tasks:\n",
            `tasks:
  approval:
    action: core.ask
    input:
      users: [bob]
      schema:
        type: object
        required: [decision]
        properties:
          decision: { type: string, enum: [approve] }
    next: [ { do: restart } ]
`,
          ),
      },
    });
  });
  after(() => h.close());

  it("is answered at the request, before anyone is asked to approve it", async () => {
    await h.gh.dispatch("alice", "approval-runner.run", {
      workflow: "nul_value",
      input: { v: "crond\u0000x" },
    });
    await h.settle();
    const asked = h.gh
      .comments(1)
      .some((c) => c.body.includes("Approval needed"));
    assert.equal(asked, false, "an approval was asked for");
  });
});
