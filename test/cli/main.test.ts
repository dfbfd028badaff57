import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { createProgram } from "../../src/cli/main.js";
import { repoRoot } from "../../src/sandbox/stack.js";
import { runCli, runCliIo } from "./fixture.js";

const run = promisify(execFile);
const bin = join(repoRoot, "bin", "approval-runner.js");

/** The command groups the modules in src/cli/commands register. */
const ours = ["audit", "execution", "inquiry"];

describe("approval-runner --help", () => {
  it("lists every command, through the bin shim", async () => {
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    const listed = [...stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    const program = await createProgram(runCliIo());
    const registered = program.commands.map((c) => c.name());
    const modules = readdirSync(join(repoRoot, "src/cli/commands")).filter(
      (f) => f.endsWith(".ts"),
    );

    assert.deepEqual(listed, [...registered, "help"]);
    for (const name of ours) assert.ok(registered.includes(name), name);
    assert.ok(registered.length >= modules.length);
  });

  const leaves = [
    ["inquiry", "list"],
    ["inquiry", "get"],
    ["inquiry", "respond"],
    ["execution", "get"],
    ["audit", "export"],
  ];
  for (const leaf of leaves) {
    it(`documents ${leaf.join(" ")} and its GitHub options`, async () => {
      const { code, stdout } = await runCli([...leaf, "--help"]);
      assert.equal(code, 0);
      assert.match(
        stdout,
        new RegExp(`^Usage: approval-runner ${leaf.join(" ")}`),
      );
      for (const option of ["--api-url", "--repo", "--token"]) {
        assert.match(stdout, new RegExp(option));
      }
    });
  }
});

describe("approval-runner errors", () => {
  it("exits 1 with the code of the error and no stack trace", async () => {
    const { code, stderr } = await runCli(["inquiry", "list"]);
    assert.equal(code, 1);
    assert.match(stderr, /^error AR_CLI_OPTION: Option --repo /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("exits non-zero for an unknown command, with help", async () => {
    const { code, stderr } = await runCli(["nonsense"]);
    assert.notEqual(code, 0);
    assert.match(stderr, /unknown command/);
  });

  it("sets the exit code through the bin shim", async () => {
    await assert.rejects(
      run(process.execPath, [bin, "execution", "get", "x"]),
      {
        code: 1,
      },
    );
  });
});
