import { randomBytes } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Logger } from "pino";
import { repoRoot, type Stack, startStack } from "../stack.js";
import { duoUsers, makePasscodes, people } from "./people.js";
import { createHandler, type PlaygroundContext } from "./server.js";
import { readWorkflows, WorkflowSync } from "./workflows.js";

export interface PlaygroundOptions {
  log: Logger;
  /** Port of the page on 127.0.0.1; default any free one. */
  port?: number;
  /** The folder of workflow files; default this repository's workflows/. */
  workflowsDir?: string;
  ssh?: "sshd" | "embedded" | "auto";
}

/** The running playground: its page, the stack, and what people need. */
export interface Playground {
  /** The page, `http://127.0.0.1:<port>/`. */
  url: string;
  stack: Stack;
  /** Personal access tokens for the stand-in, by login (for the CLI). */
  tokens: Record<string, string>;
  /** Duo passcodes by login; each works once. */
  passcodes: Record<string, string[]>;
  close(): Promise<void>;
}

/**
 * The stack (GitHub stand-in, the app with the Duo form, a Duo stand-in,
 * an SSH target) plus a web page to act on it as alice, bob, carol or a
 * bot. Workflows come from a local folder and follow its edits.
 */
export async function startPlayground(
  options: PlaygroundOptions,
): Promise<Playground> {
  const dir = options.workflowsDir ?? join(repoRoot, "workflows");
  const files = readWorkflows(dir);
  const passcodes = makePasscodes();
  const stack = await startStack({
    log: options.log,
    workflows: files,
    duo: duoUsers(passcodes),
    ...(options.ssh ? { ssh: options.ssh } : {}),
  });
  const ctx = contextFor(stack, dir, files, passcodes, options.log);
  const server = createServer(createHandler(ctx));
  const port = await listen(server, options.port ?? 0);
  ctx.host = `127.0.0.1:${port}`;
  const watcher = watchFolder(dir, ctx);
  return {
    url: `http://${ctx.host}/`,
    stack,
    tokens: ctx.tokens,
    passcodes,
    close: async () => {
      watcher?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stack.close();
    },
  };
}

function contextFor(
  stack: Stack,
  dir: string,
  files: Record<string, string>,
  passcodes: Record<string, string[]>,
  log: Logger,
): PlaygroundContext {
  const tokens = Object.fromEntries(
    ["alice", "bob", "carol"].map((login) => [
      login,
      stack.gh.personalToken(login),
    ]),
  );
  return {
    stack,
    sync: new WorkflowSync(stack.gh, dir, files),
    facts: {
      repo: `${stack.owner}/${stack.repo}`,
      people,
      csrf: randomBytes(24).toString("base64url"),
    },
    passcodes,
    tokens,
    host: "",
    log,
  };
}

/** Commits an edited runbook at once, so CLI requests see it too. */
function watchFolder(dir: string, ctx: PlaygroundContext) {
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        const paths = ctx.sync.sync();
        if (paths.length > 0) ctx.log.info({ paths }, "workflows committed");
      } catch (err) {
        ctx.log.warn({ err }, "workflows not read");
      }
    }, 100);
  };
  try {
    const watcher: FSWatcher = watch(dir, later);
    watcher.on("close", () => clearTimeout(timer));
    return watcher;
  } catch {
    // Without a watcher, edits still land before the page's next request.
    return undefined;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}
