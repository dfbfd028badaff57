import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadWorkflow } from "../../src/workflow/load.js";
import type { Problem } from "../../src/workflow/types.js";

const options = { hosts: ["web-1", "local"], localAlias: "local" };

function brief(problems: Problem[]): string[] {
  return problems.map((p) => `${p.code} ${p.line}:${p.col}`);
}

/** A native workflow whose one task runs `command` (a YAML scalar). */
function native(command: string): string {
  return [
    "name: quoting",
    "description: Restarts a service.",
    "input:",
    "  type: object",
    "  properties:",
    "    service: { type: string }",
    "tasks:",
    "  restart:",
    "    action: ssh.run",
    "    input:",
    "      host: web-1",
    `      command: ${command}`,
  ].join("\n");
}

describe("an ssh.run command with values inside the author's shell syntax", () => {
  const refused: Array<[string, string, string[]]> = [
    [
      "double quotes",
      `'echo "restarting {{ ctx().service }}"; systemctl restart crond'`,
      ["action-input 12:34"],
    ],
    [
      "single quotes",
      `"echo 'restarting {{ ctx().service }}'"`,
      ["action-input 12:34"],
    ],
    [
      "a comment",
      `"systemctl restart crond # {{ ctx().service }}"`,
      ["action-input 12:43"],
    ],
    [
      "backticks, after a bare value",
      '"echo {{ ctx().service }} `id {{ ctx().service }}`"',
      ["action-input 12:46"],
    ],
    [
      "a here-document",
      "|\n        cat <<EOF\n        {{ ctx().service }}\n        EOF",
      ["action-input 14:9"],
    ],
  ];
  for (const [what, command, problems] of refused) {
    it(`is refused where the value stands inside ${what}`, () => {
      const result = loadWorkflow(native(command), "w.yaml", options);
      assert.deepEqual(brief(result.problems), problems);
      assert.equal(result.workflow, undefined);
    });
  }

  const allowed: Array<[string, string]> = [
    ["a bare argument", `"systemctl restart {{ ctx().service }}"`],
    ["text joined to the value", `"app --name={{ ctx().service }}"`],
    ["quotes closed before it", `'echo "unit:" {{ ctx().service }}'`],
    ["a command substitution", `"echo $(basename {{ ctx().service }})"`],
  ];
  for (const [what, command] of allowed) {
    it(`loads with ${what}`, () => {
      const result = loadWorkflow(native(command), "w.yaml", options);
      assert.deepEqual(result.problems, []);
    });
  }
});

describe("an ssh.run command whose value would name the program", () => {
  const refused: Array<[string, string, string[]]> = [
    ["the whole first word", `"{{ ctx().service }} --version"`, ["12:17"]],
    ["a word after ;", `"true; {{ ctx().service }}"`, ["12:23"]],
    ["a word after a pipe", `"date | {{ ctx().service }}"`, ["12:24"]],
    ["the first word in $(…)", `"echo $({{ ctx().service }})"`, ["12:24"]],
    ["a word after sudo", `"sudo -n {{ ctx().service }}"`, ["12:25"]],
    ["a path's last part", `"/usr/bin/{{ ctx().service }}"`, ["12:26"]],
  ];
  for (const [what, command, places] of refused) {
    it(`is refused where the value is ${what}`, () => {
      const result = loadWorkflow(native(command), "w.yaml", options);
      assert.deepEqual(
        brief(result.problems),
        places.map((p) => `action-input ${p}`),
      );
      assert.match(result.problems[0]!.message, /may not choose the program/);
    });
  }

  it("loads with the value as an argument after sudo's program", () => {
    const command = `"sudo systemctl restart {{ ctx().service }}"`;
    const result = loadWorkflow(native(command), "w.yaml", options);
    assert.deepEqual(result.problems, []);
  });

  it("reports a command that is one expression once", () => {
    const result = loadWorkflow(
      native(`"{{ ctx().service }}"`),
      "w.yaml",
      options,
    );
    assert.deepEqual(brief(result.problems), ["action-input 12:16"]);
  });
});

/** A Mistral workflow whose one task runs core.local_sudo with `cmd`. */
function mistral(cmd: string): string {
  return [
    "version: '2.0'",
    "demo.restart:",
    "  input:",
    "    - service",
    "  tasks:",
    "    restart:",
    "      action: core.local_sudo",
    `      input: { cmd: ${cmd} }`,
  ].join("\n");
}

describe("a StackStorm command with a misplaced value", () => {
  it("is refused in a Mistral core.local_sudo cmd", () => {
    const text = mistral(`'echo "{{ _.service }}"'`);
    const result = loadWorkflow(text, "workflows/restart.yaml", options);
    assert.deepEqual(brief(result.problems), ["action-input 8:28"]);
  });

  it("is refused in an Orquesta core.remote_sudo cmd written with <% %>", () => {
    const text = [
      "version: 1.0",
      "input:",
      "  - unit",
      "tasks:",
      "  restart:",
      "    action: core.remote_sudo",
      "    input:",
      "      hosts: web-1",
      `      cmd: systemctl restart crond; echo '<% ctx().unit %>'`,
    ].join("\n");
    const result = loadWorkflow(text, "workflows/restart.yaml", options);
    assert.deepEqual(brief(result.problems), ["action-input 9:43"]);
  });

  it("is refused where a core.local_sudo cmd runs the value", () => {
    const text = mistral("'nohup {{ _.service }}'");
    const result = loadWorkflow(text, "workflows/restart.yaml", options);
    assert.deepEqual(brief(result.problems), ["action-input 8:28"]);
  });
});
