import { PassThrough, Writable } from "node:stream";
import { pino } from "pino";
import { run } from "../../src/cli/main.js";
import {
  localWorkflows,
  type Stack,
  type StackOptions,
  startStack,
} from "../../src/sandbox/stack.js";

/** A runbook whose inquiry has every kind of field, one of them secret. */
export const rotateKey = `name: rotate_key
description: Rotate a key after an approval with a ticket.
input:
  type: object
  required: [host]
  properties:
    host: { type: string, enum: [web-1, web-2] }
tasks:
  approval:
    action: core.ask
    input:
      users: [bob]
      schema:
        type: object
        required: [decision, ticket, pin]
        additionalProperties: false
        properties:
          decision: { type: string, enum: [approve, deny] }
          ticket:
            type: integer
            description: "Change ticket for {{ ctx().host }}"
          urgent: { type: boolean }
          pin: { type: string, secret: true }
    next:
      - when: "{{ result().response.decision == 'approve' }}"
        do: done
  done:
    action: core.noop
`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliStack {
  stack: Stack;
  /** Runs the CLI in this process against the stack, as `login`. */
  cli(login: string, args: string[], stdin?: StdinOptions): Promise<CliResult>;
  close(): Promise<void>;
}

export interface StdinOptions {
  /** Lines typed, each followed by a newline. */
  lines?: string[];
  isTTY?: boolean;
}

/** The sandbox stack with the seed runbooks and `rotate_key`. */
export async function startCliStack(
  options: Pick<StackOptions, "duo"> = {},
): Promise<CliStack> {
  const stack = await startStack({
    ...options,
    log: pino({ level: "silent" }),
    workflows: { ...localWorkflows(), "workflows/rotate_key.yaml": rotateKey },
  });
  const tokens = new Map<string, string>();
  const tokenOf = (login: string) => {
    if (!tokens.has(login)) tokens.set(login, stack.gh.personalToken(login));
    return tokens.get(login)!;
  };
  return {
    stack,
    cli: (login, args, stdin) =>
      runCli(args, stdin ?? {}, {
        GITHUB_API_URL: stack.gh.apiUrl,
        GITHUB_REPOSITORY: `${stack.owner}/${stack.repo}`,
        GITHUB_TOKEN: tokenOf(login),
      }),
    close: () => stack.close(),
  };
}

/** Runs `approval-runner <args>` in-process with captured output. */
export async function runCli(
  args: string[],
  stdin: StdinOptions = {},
  env: Record<string, string> = {},
): Promise<CliResult> {
  const lines = [...(stdin.lines ?? [])];
  const input = Object.assign(new PassThrough(), {
    isTTY: stdin.isTTY ?? false,
  });
  // On a terminal a person types after each prompt; elsewhere all at once.
  const typeNext = () => {
    const line = lines.shift();
    if (line === undefined) input.end();
    else input.write(`${line}\n`);
  };
  const out = collector();
  const err = collector((text) => {
    if (stdin.isTTY && text.endsWith(": ")) typeNext();
  });
  if (!stdin.isTTY) input.end(lines.map((l) => `${l}\n`).join(""));
  const code = await run(["node", "approval-runner", ...args], {
    stdout: out.stream,
    stderr: err.stream,
    stdin: input,
    env,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Streams that go nowhere, for building the program in a test. */
export function runCliIo() {
  const input = new PassThrough();
  input.end();
  const sink = collector().stream;
  return { stdout: sink, stderr: sink, stdin: input, env: {} };
}

function collector(onWrite?: (text: string) => void) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      onWrite?.(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}
