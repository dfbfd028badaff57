import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { redactPaths } from "../log.js";
import { runPlayground } from "./playground/run.js";
import { replay } from "./replay.js";
import { sandboxPasscode, seedV2, seedV3 } from "./scenarios.js";
import { startStack } from "./stack.js";

/**
 * `npm run sandbox`: the whole product on loopback with stand-ins for
 * GitHub and Duo and a local SSH target; replays the seed's scenarios and
 * exits 0 when every run succeeded (`--replay` says so explicitly).
 * `--play` starts the interactive playground instead.
 */
export async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--play")) return runPlayground(args);
  const logFile = join(
    process.env["TMPDIR"] ?? "/tmp",
    `approval-runner-sandbox-${process.pid}.log`,
  );
  const log = pino(
    { level: "info", redact: { paths: redactPaths, censor: "[redacted]" } },
    createWriteStream(logFile),
  );
  const ssh =
    process.env["AR_SANDBOX_SSH"] === "embedded" ? "embedded" : "auto";
  const stack = await startStack({
    log,
    ssh,
    duo: {
      bob: { status: "auth", passcodes: [sandboxPasscode], push: "allow" },
    },
  });
  const print = (text: string) => process.stdout.write(`${text}\n`);
  print(
    `approval-runner sandbox: GitHub stand-in at ${stack.gh.apiUrl}, app at ${stack.app.url}, SSH target ${stack.sshd.log ? "OpenSSH sshd" : "embedded"}; app log in ${logFile}`,
  );
  try {
    const results = [
      await replay(stack, seedV2, print),
      await replay(stack, seedV3(print), print),
    ];
    const ok = results.every(
      (r) => r.state === "closed" && r.labels.includes("succeeded"),
    );
    print(
      ok
        ? "\nEvery run succeeded."
        : "\nA run did not succeed; see the thread above.",
    );
    return ok ? 0 : 1;
  } finally {
    await stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
