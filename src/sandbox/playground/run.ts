import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { redactPaths } from "../../log.js";
import { untilStopped } from "./shutdown.js";
import { type Playground, startPlayground } from "./start.js";

/**
 * `npm run playground [-- --port N]`: starts the playground, prints where
 * everything is, and keeps it up until Ctrl-C (see shutdown.ts). Returns
 * the exit code.
 */
export async function runPlayground(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" } },
    strict: false,
  });
  const logFile = join(
    process.env["TMPDIR"] ?? "/tmp",
    `approval-runner-playground-${process.pid}.log`,
  );
  const log = pino(
    { level: "info", redact: { paths: redactPaths, censor: "[redacted]" } },
    createWriteStream(logFile),
  );
  // Listening from the start: a signal while sshd starts must close it too.
  const stopped = untilStopped();
  const port = Number(values["port"] ?? 0);
  const playground = await startPlayground({ log, port });
  print(describe(playground, logFile));
  const reason = await stopped;
  log.info({ reason }, "playground stopping");
  print("\nStopping the playground.");
  await closeWithin(playground, closeMs);
  return 0;
}

/** Long enough for sshd and the app to stop; a hung close must not stay. */
const closeMs = 15_000;

async function closeWithin(playground: Playground, ms: number) {
  const timer = setTimeout(() => {
    print("The playground did not stop in time; leaving now.");
    process.exit(1);
  }, ms);
  timer.unref();
  await playground.close();
  clearTimeout(timer);
}

function describe(p: Playground, logFile: string): string {
  const { gh, app, sshd } = p.stack;
  const codes = Object.entries(p.passcodes)
    .map(([login, list]) => `${login}: ${list.join(" ")}`)
    .join("; ");
  return `
approval-runner playground

  Open ${p.url}

  GitHub stand-in  ${gh.apiUrl} (repository ${gh.owner}/${gh.repo})
  The app          ${app.url} (webhooks and the Duo form)
  SSH target       ${sshd.log ? "OpenSSH sshd" : "embedded SSH server"} on 127.0.0.1
  Duo passcodes    ${codes} (each works once)
  Workflows        workflows/ (an edit is committed to main before the next request)
  App log          ${logFile}

  The command line, as bob (alice: ${p.tokens["alice"]}, carol: ${p.tokens["carol"]}):
    export GITHUB_API_URL=${gh.apiUrl}
    export GITHUB_REPOSITORY=${gh.owner}/${gh.repo}
    export GITHUB_TOKEN=${p.tokens["bob"]}
    npx approval-runner inquiry list

Press Ctrl-C to stop.`;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
