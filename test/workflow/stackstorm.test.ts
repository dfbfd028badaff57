import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadWorkflow } from "../../src/workflow/load.js";
import {
  loadStackstormPack,
  translateStackstorm,
} from "../../src/workflow/stackstorm.js";
import { liftRequired } from "../../src/workflow/stackstorm-actions.js";
import type { Problem, Workflow } from "../../src/workflow/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const seedPack = path.resolve(
  repo,
  "../shared/fixtures/stackstorm-demo_inquiries",
);
const opsPack = path.join(repo, "test/fixtures/stackstorm/ops_pack");
const brokenPack = path.join(repo, "test/fixtures/stackstorm/broken_pack");

const approvers = { users: ["bob"], teams: [], roles: [] };
const configured = {
  hosts: ["web-1", "web-2", "local"],
  localAlias: "local",
  importedApprovers: approvers,
};
const bare = { hosts: ["web-1", "web-2"] };

function brief(problems: Problem[]) {
  return problems.map((p) => `${p.path} ${p.code} ${p.line}:${p.col}`);
}

function byName(workflows: Workflow[], name: string): Workflow {
  const found = workflows.find((w) => w.name === name);
  assert.ok(found, `workflow ${name} was loaded`);
  return found;
}

describe("the seed's StackStorm pack", { skip: !existsSync(seedPack) }, () => {
  it("loads with only v3's undefined username when the operator configured everything", () => {
    const { workflows, problems } = loadStackstormPack(seedPack, configured);
    assert.deepEqual(brief(problems), [
      "actions/workflows/service_restart_v3.yaml unknown-variable 31:23",
    ]);
    assert.match(problems[0]?.message ?? "", /^`username` is not defined/);
    assert.match(problems[0]?.message ?? "", /`service`, `duo_username`/);
    assert.deepEqual(
      workflows.map((w) => w.name),
      ["service_restart_v1", "service_restart_v2"],
    );
  });

  it("also names each inquiry without approvers and each missing alias otherwise", () => {
    const { problems } = loadStackstormPack(seedPack, bare);
    assert.deepEqual(brief(problems), [
      "actions/workflows/service_restart_v1.yaml missing-config 15:15",
      "actions/workflows/service_restart_v2.yaml no-approver 13:5",
      "actions/workflows/service_restart_v2.yaml missing-config 28:15",
      "actions/workflows/service_restart_v3.yaml no-approver 14:5",
      "actions/workflows/service_restart_v3.yaml unknown-variable 31:23",
      "actions/workflows/service_restart_v3.yaml missing-config 38:15",
    ]);
  });

  it("turns v2 into an inquiry whose approval leads to a sudo restart", () => {
    const { workflows } = loadStackstormPack(seedPack, configured);
    const v2 = byName(workflows, "service_restart_v2");
    const ask = v2.tasks["inquiry_2fa"];
    assert.equal(ask?.action, "core.ask");
    assert.deepEqual(ask?.input["users"], ["bob"]);
    const schema = ask?.input["schema"] as Record<string, unknown>;
    assert.deepEqual(schema["required"], ["secondfactor"]);
    assert.deepEqual(ask?.next[0]?.do, ["service_restart"]);
    assert.match(
      ask?.next[0]?.when ?? "",
      /succeeded\(\) and \(task\('inquiry_2fa'\)/,
    );
    assert.deepEqual(v2.tasks["service_restart"]?.input, {
      command: "systemctl restart {{ _.service }}",
      sudo: true,
      host: "local",
    });
    assert.equal(v2.format, "mistral-v2");
    assert.equal(v2.path, "actions/workflows/service_restart_v2.yaml");
  });
});

describe("a pack written in every StackStorm style", () => {
  const { workflows, problems } = loadStackstormPack(opsPack, configured);

  it("loads every workflow action and passes over other runners", () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      workflows.map((w) => w.name),
      ["clear_cache", "orquesta_restart", "restart_with_duo", "rotate_logs"],
    );
  });

  it("makes an input schema from parameters and declared defaults", () => {
    const rotate = byName(workflows, "rotate_logs");
    assert.deepEqual(rotate.input, {
      type: "object",
      properties: {
        unit: { type: "string", description: "Which unit's logs to rotate." },
        keep: { type: "integer", default: 7 },
        reason: { default: "routine" },
      },
      required: ["unit"],
    });
    assert.deepEqual(rotate.vars, { attempts: 0 });
  });

  it("lifts draft-3 required flags, nested ones too", () => {
    const schema = byName(workflows, "rotate_logs").tasks["confirm"]?.input[
      "schema"
    ] as { required: string[]; properties: Record<string, unknown> };
    assert.deepEqual(schema.required, ["proceed"]);
    assert.deepEqual(schema.properties["window"], {
      type: "object",
      properties: { minutes: { type: "integer" } },
      required: ["minutes"],
    });
  });

  it("turns on-success, on-error and on-complete into conditions", () => {
    const rotate = byName(workflows, "rotate_logs");
    const whens = (task: string) =>
      rotate.tasks[task]?.next.map((n) => [n.when, n.do]);
    assert.deepEqual(whens("confirm"), [
      [
        "{{ succeeded() and (task('confirm').result.response.proceed == true) }}",
        ["rotate"],
      ],
      [
        "{{ succeeded() and (task('confirm').result.response.proceed = false) }}",
        ["skip"],
      ],
      ["{{ failed() }}", ["notify"]],
    ]);
    assert.deepEqual(whens("skip"), [["{{ completed() }}", ["finish"]]]);
  });

  it("publishes on success, and on error with publish-on-error", () => {
    const rotate = byName(workflows, "rotate_logs");
    assert.deepEqual(rotate.tasks["confirm"]?.next[0]?.publish, {
      answer: "{{ task('confirm').result.response.proceed }}",
    });
    assert.deepEqual(rotate.tasks["rotate"]?.next[1]?.publish, {
      note: "{{ task('rotate').result.stderr }}",
    });
    assert.deepEqual(rotate.output, {
      answer: "{{ $.answer }}",
      note: "{{ _.note }}",
    });
  });

  it("runs core.remote_sudo on the hosts it names, core.local_sudo on localAlias", () => {
    const rotate = byName(workflows, "rotate_logs").tasks["rotate"];
    assert.deepEqual(rotate?.input["hosts"], ["web-1", "web-2"]);
    const drop = byName(workflows, "clear_cache").tasks["drop"];
    assert.deepEqual(drop?.input, {
      timeout: 30,
      command: "sysctl -w vm.drop_caches={{ _.level }}",
      sudo: true,
      host: "local",
    });
  });

  it("keeps only the factor of duo.auth_auth and ties it to the inquiry", () => {
    const duo = byName(workflows, "restart_with_duo").tasks["confirm_duo"];
    assert.equal(duo?.action, "duo.auth");
    assert.deepEqual(duo?.input, { factor: "push", for: "approve" });
  });

  it("reads Orquesta's input, vars, output, publish lists and do: noop", () => {
    const orquesta = byName(workflows, "orquesta_restart");
    assert.equal(orquesta.format, "orquesta");
    assert.deepEqual(orquesta.vars, { tries: 0 });
    assert.deepEqual(orquesta.output, {
      decision: "{{ ctx().decision }}",
      stdout: "{{ ctx(stdout) }}",
    });
    const restart = orquesta.tasks["restart"];
    assert.equal(restart?.input["host"], "{{ ctx().host }}");
    assert.deepEqual(
      restart?.next.map((n) => [n.when, n.do]),
      [
        ["{{ failed() and ctx().tries < ctx().retries }}", ["restart"]],
        ["{{ succeeded() }}", []],
        ["{{ completed() }}", ["report"]],
      ],
    );
  });
});

describe("problems in a StackStorm pack", () => {
  const { workflows, problems } = loadStackstormPack(brokenPack, configured);

  it("points each into the file that holds it", () => {
    assert.deepEqual(workflows, []);
    assert.deepEqual(brief(problems), [
      "actions/escape.yaml file 4:14",
      "actions/workflows/features.yaml unsupported 9:7",
      "actions/workflows/features.yaml expression 11:21",
      "actions/workflows/features.yaml unknown-task 12:11",
      "actions/workflows/features.yaml unknown-variable 17:32",
      "actions/workflows/mistral_file.yaml schema 1:10",
      "actions/missing_entry.yaml file 4:14",
      "actions/workflows/orquesta_bad.yaml schema 5:5",
      "actions/workflows/orquesta_bad.yaml unsupported 12:13",
      "actions/workflows/orquesta_bad.yaml unsupported 15:5",
      "actions/secret.yaml unsupported 6:3",
      "actions/secret.yaml schema 9:3",
      "actions/workflows/two.yaml unsupported 6:1",
    ]);
  });
});

describe("translating one action", () => {
  const meta = [
    "name: one",
    "runner_type: mistral-v2",
    "entry_point: workflows/one.yaml",
    "parameters:",
    "  host: { type: string, enum: [web-1, db-9] }",
  ].join("\n");
  const workflow = [
    "version: '2.0'",
    "p.one:",
    "  input: [host]",
    "  tasks:",
    "    run:",
    "      action: core.remote_sudo",
    "      input: { hosts: '{{ _.host }}', cmd: uptime }",
  ].join("\n");

  it("checks host enums of the metadata against the inventory", () => {
    const result = translateStackstorm(
      meta,
      "m.yaml",
      workflow,
      "w.yaml",
      bare,
    );
    assert.deepEqual(brief(result.problems), ["m.yaml host 5:39"]);
  });

  it("builds the workflow when every host is known", () => {
    const hosts = { hosts: ["web-1", "db-9"] };
    const result = translateStackstorm(
      meta,
      "m.yaml",
      workflow,
      "w.yaml",
      hosts,
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.workflow?.tasks["run"]?.input["host"], "{{ _.host }}");
  });
});

describe("a Mistral file among the native workflows", () => {
  it("is translated with its input list as the input schema", () => {
    const text = [
      "version: '2.0'",
      "demo.ping:",
      "  input:",
      "    - count: 1",
      "  tasks:",
      "    ping:",
      "      action: core.local",
      "      input: { cmd: 'ping -c {{ _.count }} web-1' }",
    ].join("\n");
    const result = loadWorkflow(text, "workflows/ping.yaml", configured);
    assert.deepEqual(result.problems, []);
    assert.equal(result.workflow?.name, "ping");
    assert.deepEqual(result.workflow?.input, {
      type: "object",
      properties: { count: { default: 1 } },
    });
    assert.equal(result.workflow?.tasks["ping"]?.input["sudo"], undefined);
  });

  it("reports an unknown version where it is written", () => {
    const result = loadWorkflow("version: 3\ntasks: {}\n", "w.yaml", bare);
    assert.deepEqual(brief(result.problems), ["w.yaml schema 1:10"]);
  });
});

describe("draft-3 required flags", () => {
  const cases: [string, unknown, unknown][] = [
    [
      "a required property",
      { type: "object", properties: { a: { type: "string", required: true } } },
      {
        type: "object",
        properties: { a: { type: "string" } },
        required: ["a"],
      },
    ],
    [
      "an optional property",
      { type: "object", properties: { a: { required: false } } },
      { type: "object", properties: { a: {} } },
    ],
    [
      "an existing required list",
      { required: ["b"], properties: { a: { required: true }, b: {} } },
      { required: ["b", "a"], properties: { a: {}, b: {} } },
    ],
    [
      "array items",
      { type: "array", items: { properties: { x: { required: true } } } },
      { type: "array", items: { properties: { x: {} }, required: ["x"] } },
    ],
    ["a non-schema", "text", "text"],
  ];
  for (const [name, input, expected] of cases) {
    it(`converts ${name}`, () => {
      assert.deepEqual(liftRequired(input), expected);
    });
  }
});

describe("the seed fixture stays outside the repository", () => {
  it("has no copy of the seed's files under test/fixtures", () => {
    const seedV3 = path.join(
      seedPack,
      "actions/workflows/service_restart_v3.yaml",
    );
    if (!existsSync(seedV3)) return;
    const seed = readFileSync(seedV3, "utf8");
    for (const file of ["restart_with_duo.yaml", "rotate_logs.yaml"]) {
      const ours = readFileSync(
        path.join(opsPack, "actions/workflows", file),
        "utf8",
      );
      assert.notEqual(ours, seed);
    }
  });
});
