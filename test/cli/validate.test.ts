import assert from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { validateDir } from "../../src/cli/commands/validate.js";
import { isAppError } from "../../src/errors.js";
import { repoRoot } from "../support/harness.js";
import { runCli } from "./fixture.js";

const seedPack = join(repoRoot, "../shared/fixtures/stackstorm-demo_inquiries");
const config = join(repoRoot, "test/fixtures/gitops/operator.yaml");
const v3 = "actions/workflows/service_restart_v3.yaml";

function places(lines: string[], dir: string): string[] {
  return lines.map((l) => l.slice(dir.length + 1).replace(/: .*$/, ""));
}

describe("approval-runner validate", () => {
  describe("on the seed's StackStorm pack", {
    skip: !existsSync(seedPack),
  }, () => {
    it("with the operator's config reports only v3's undefined username", async () => {
      const result = await validateDir(seedPack, { config });
      assert.deepEqual(places(result.lines, seedPack), [`${v3}:31:23`]);
      assert.match(result.lines[0]!, /: `username` is not defined/);
      assert.equal(result.exitCode, 1);
    });

    it("without it also names each inquiry lacking approvers and the missing alias", async () => {
      const result = await validateDir(seedPack);
      assert.deepEqual(
        result.problems.map((p) => `${p.path}:${p.line} ${p.code}`),
        [
          "actions/workflows/service_restart_v1.yaml:15 missing-config",
          "actions/workflows/service_restart_v2.yaml:13 no-approver",
          "actions/workflows/service_restart_v2.yaml:28 missing-config",
          "actions/workflows/service_restart_v3.yaml:14 no-approver",
          "actions/workflows/service_restart_v3.yaml:31 unknown-variable",
          "actions/workflows/service_restart_v3.yaml:38 missing-config",
        ],
      );
    });

    it("prints file:line:col lines and exits 1 from the command line", async () => {
      const dir = relative(process.cwd(), seedPack);
      const result = await runCli(["validate", dir, "--config", config]);
      assert.equal(result.code, 1);
      assert.equal(
        result.stdout,
        `${join(dir, v3)}:31:23: \`username\` is not defined: the input declares \`service\`, \`duo_username\`; tasks publish \`result\`\n`,
      );
      assert.match(result.stderr, /3 files checked, 1 problem/);
    });
  });

  describe("on this repository", () => {
    it("finds its workflows valid with the operator's hosts", async () => {
      const result = await validateDir(repoRoot, { config });
      assert.deepEqual(result.lines, []);
      assert.equal(result.exitCode, 0);
      assert.ok(result.checked.includes("workflows/service_restart_v2.yaml"));
    });

    it("exits 0 from the command line", async () => {
      const result = await runCli([
        "validate",
        join(repoRoot, "workflows"),
        "--config",
        config,
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
    });
  });

  describe("on the project's own pack", () => {
    it("finds both workflows valid", async () => {
      const dir = join(repoRoot, "test/fixtures/gitops/pack");
      const result = await validateDir(dir, { config });
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.checked, [
        "actions/restart_checked.yaml",
        "actions/rollout.yaml",
      ]);
    });
  });

  describe("on a folder of its own making", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "ar-validate-"));
      mkdirSync(join(dir, "workflows"));
      mkdirSync(join(dir, ".github"));
      cpSync(
        join(
          repoRoot,
          "test/fixtures/gitops/workflows/rotate_logs.broken.yaml",
        ),
        join(dir, "workflows/rotate_logs.yaml"),
      );
      writeFileSync(
        join(dir, "workflows/other.yaml"),
        "name: renamed\ntasks:\n  a:\n    action: core.noop\n",
      );
      writeFileSync(join(dir, ".github/approval-runner.yml"), "ttl: soon\n");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("reports every problem in order, settings and names too", async () => {
      const result = await validateDir(dir, { config });
      assert.deepEqual(places(result.lines, dir), [
        ".github/approval-runner.yml:1:6",
        "workflows/other.yaml:1:7",
        "workflows/rotate_logs.yaml:9:41",
        "workflows/rotate_logs.yaml:15:50",
        "workflows/rotate_logs.yaml:17:13",
        "workflows/rotate_logs.yaml:19:13",
      ]);
      assert.match(result.lines[1]!, /requests find workflows by file name/);
    });
  });

  it("refuses a folder that holds no workflows", async () => {
    await assert.rejects(validateDir(join(repoRoot, "src/cli")), (err) =>
      isAppError(err, "AR_CLI_NO_WORKFLOWS"),
    );
  });
});
