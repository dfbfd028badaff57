import path from "node:path";
import { type Command, CommanderError } from "commander";
import { readLoadOptions } from "../../config/load-options.js";
import { fail } from "../../errors.js";
import { folderFiles } from "../../repository/files.js";
import { layoutOf } from "../../repository/folder.js";
import { validateAll } from "../../repository/validate.js";
import type { LoadOptions } from "../../workflow/load.js";
import type { Problem } from "../../workflow/types.js";
import type { CliIo } from "../io.js";

export interface ValidateOptions {
  /** An operator config file: host aliases, localAlias, importedApprovers. */
  config?: string;
}

export interface ValidateResult {
  checked: string[];
  problems: Problem[];
  /** One `file:line:col: message` per problem, paths as `dir` was given. */
  lines: string[];
  exitCode: 0 | 1;
}

const help = [
  "",
  "Checks what a pull request's check checks: YAML, the workflow schema,",
  "actions, tasks, variables, host aliases, unreachable tasks and loops",
  "with no way out. Host aliases, localAlias (for core.local_sudo) and the",
  "approvers of imported inquiries come from the operator config given",
  "with --config (or AR_CONFIG); without one, every alias is unknown.",
].join("\n");

/** `validate [dir]`: a repository, a workflows folder or a StackStorm pack. */
export function register(program: Command, io: CliIo): void {
  program
    .command("validate")
    .description("check workflow files and print each problem")
    .argument("[dir]", "a repository, workflows folder or StackStorm pack", ".")
    .option("--config <file>", "the operator config (env AR_CONFIG)")
    .addHelpText("after", help)
    .action(async (dir: string, options: ValidateOptions) => {
      const config = options.config ?? io.env["AR_CONFIG"];
      const result = await validateDir(dir, config ? { config } : {});
      for (const line of result.lines) io.stdout.write(`${line}\n`);
      io.stderr.write(`${summary(result)}\n`);
      // Already reported; the top level turns this into exit code 1.
      if (result.exitCode !== 0) {
        throw new CommanderError(1, "approval-runner.invalid", summary(result));
      }
    });
}

/** Validates every workflow in `dir`; exit code 1 when anything is wrong. */
export async function validateDir(
  dir: string,
  options: ValidateOptions = {},
): Promise<ValidateResult> {
  const layout = layoutOf(dir);
  if (!layout) throw fail("AR_CLI_NO_WORKFLOWS", { dir });
  const load: LoadOptions = options.config
    ? readLoadOptions(options.config)
    : { hosts: [] };
  const found = await validateAll(folderFiles(dir), load, layout);
  const lines = found.problems.map(
    (p) => `${path.join(dir, p.path)}:${p.line}:${p.col}: ${p.message}`,
  );
  const exitCode = found.problems.length > 0 ? 1 : 0;
  return { checked: found.checked, problems: found.problems, lines, exitCode };
}

function summary(result: ValidateResult): string {
  const files = result.checked.length;
  const problems = result.problems.length;
  const noun = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${noun(files, "file")} checked, ${noun(problems, "problem")}`;
}
