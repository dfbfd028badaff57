import { readdirSync, readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { isAppError } from "../errors.js";
import { type CliIo, processIo } from "./io.js";

/** What each module in `commands/` exports. */
export type Register = (program: Command, io: CliIo) => void;

const commandsDir = new URL("./commands/", import.meta.url);

/**
 * The `approval-runner` program with every command registered. Each
 * module in `commands/` registers its own, so adding a command is adding
 * a file there.
 */
export async function createProgram(io: CliIo): Promise<Command> {
  const program = new Command("approval-runner")
    .description(
      "Run approval-gated workflows kept in a repository, and answer their inquiries from a terminal.",
    )
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    // Set before the commands exist, so every subcommand inherits it.
    .exitOverride();
  for (const register of await commandModules()) register(program, io);
  return program;
}

async function commandModules(): Promise<Register[]> {
  const own = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith(own) && !f.endsWith(`.d${own}`))
    .sort();
  const found: Register[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, commandsDir).href)) as {
      register?: Register;
    };
    if (typeof module.register === "function") found.push(module.register);
  }
  return found;
}

function packageVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/**
 * Parses `argv` and runs the command; the only place that catches. Returns
 * the exit code: 0 when done, 1 when an error was reported.
 */
export async function run(
  argv: string[],
  io: CliIo = processIo(),
): Promise<number> {
  try {
    const program = await createProgram(io);
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: CliIo): number {
  // Commander has already printed its own usage errors and help.
  if (err instanceof CommanderError) return err.exitCode;
  const text = isAppError(err)
    ? `error ${err.code}: ${err.message}`
    : `error: ${err instanceof Error ? err.message : String(err)}`;
  io.stderr.write(`${text}\n`);
  return 1;
}
