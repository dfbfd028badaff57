import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { createActions } from "../actions/registry.js";
import type { ActionImpl } from "../actions/types.js";
import { createApp } from "../app.js";
import type { OperatorConfig } from "../config/types.js";
import { Runner } from "../engine/runner.js";
import type { Services } from "../engine/services.js";
import { recoverRuns, sweepInquiries } from "../engine/sweep.js";
import { markerKeyOf } from "../github/markers.js";
import type { Octokit } from "../github/octokit.js";
import { Store } from "../store/store.js";
import { isClientGone } from "../web/http.js";
import {
  declaresTooMuch,
  isWebhookPost,
  maxWebhookBytes,
  readBounded,
  refuseTooLarge,
} from "./webhook-body.js";

type Middleware = Awaited<ReturnType<typeof createNodeMiddleware>>;

/** A raw HTTP handler beside the webhooks; true when it answered. */
export type HttpHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

export interface RuntimeOptions {
  config: OperatorConfig;
  log: Logger;
  appId: string | number;
  privateKey: string;
  webhookSecret: string;
  /** GitHub's REST base, e.g. `https://api.github.com` or a stand-in. */
  baseUrl?: string;
  port?: number;
  host?: string;
  webhookPath?: string;
  now?: () => number;
  /** How often expiry is swept, in ms (0 turns the timer off). */
  sweepEveryMs?: number;
  /** Pace writes as GitHub asks (default true); off for local stand-ins. */
  throttle?: boolean;
  /** Extra actions (e.g. the Duo factor) and their HTTP handlers. */
  plugins?: RuntimePlugin[];
}

/** An optional part of the app: actions plus HTTP handlers. */
export interface RuntimePlugin {
  actions?: ActionImpl[];
  handlers?: (runner: Runner) => HttpHandler[];
}

export interface Runtime {
  url: string;
  webhookUrl: string;
  runner: Runner;
  store: Store;
  probot: Probot;
  /** Resolves when every queued piece of work has ended. */
  idle(): Promise<void>;
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the whole app: store, Probot with its webhook endpoint, the run
 * executor, expiry sweeps, and any plugin pages, on one HTTP server.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const store = new Store(options.config.database, options.now);
  const probot = createProbot(options);
  const services: Services = {
    store,
    config: options.config,
    log: options.log,
    github: (id) => probot.auth(id) as Promise<Octokit>,
    now: options.now ?? Date.now,
    // Signs the state marker in run issues, so only this app rebuilds one.
    markerKey: markerKeyOf(options.privateKey),
  };
  const plugins = options.plugins ?? [];
  const runner = new Runner(
    services,
    createActions(plugins.flatMap((p) => p.actions ?? [])),
  );
  const webhookPath = options.webhookPath ?? "/api/github/webhooks";
  const middleware = await createNodeMiddleware(createApp(runner), {
    probot,
    webhooksPath: webhookPath,
  });
  const handlers = plugins.flatMap((p) => p.handlers?.(runner) ?? []);
  const route = { middleware, webhookPath, handlers };
  const server = createServer(
    (req, res) => void serve(req, res, route, options.log),
  );
  const url = await listen(
    server,
    options.port ?? 0,
    options.host ?? "127.0.0.1",
  );
  await recoverRuns(runner);
  await sweepInquiries(runner);
  const timer = startSweeps(runner, options.sweepEveryMs ?? 60_000);
  return {
    url,
    webhookUrl: `${url}${webhookPath}`,
    runner,
    store,
    probot,
    idle: () => runner.queue.idle(),
    sweep: () => sweepInquiries(runner),
    close: async () => {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await runner.queue.idle();
      store.close();
    },
  };
}

function createProbot(options: RuntimeOptions): Probot {
  return new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    log: options.log.child({ name: "probot" }),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // Retries are off: a POST that failed after GitHub acted must not be
    // repeated blindly; the thread looks for it before posting again.
    // GitHub's pacing of writes (one comment per ~3 s) stays on in
    // production; stand-ins on loopback turn it off.
    Octokit: ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
      ...instance,
      retry: { enabled: false },
      throttle: {
        ...(instance["throttle"] as object | undefined),
        enabled: options.throttle ?? true,
      },
    })),
  });
}

/** Where a request may go: the webhooks, then the plugins' handlers. */
interface Routes {
  middleware: Middleware;
  webhookPath: string;
  handlers: HttpHandler[];
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  { middleware, webhookPath, handlers }: Routes,
  log: Logger,
): Promise<void> {
  try {
    if (declaresTooMuch(req, maxWebhookBytes)) {
      return refuseTooLarge(req, res, maxWebhookBytes);
    }
    if (isWebhookPost(req, webhookPath) && !(await takeBody(req, res))) {
      return;
    }
    if (await middleware(req, res)) return;
    for (const handler of handlers) {
      if (await handler(req, res)) return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  } catch (err) {
    if (isClientGone(err)) {
      // A dropped connection is the client's doing: no stack, no alarm.
      // No path: a form link's path is its secret token.
      log.info({ method: req.method }, "client went away");
      return;
    }
    log.error({ err }, "http handler failed");
    if (!res.headersSent) res.writeHead(500).end("internal error\n");
  }
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Reads a webhook's body, bounded, before Probot's middleware sees the
 * request; the middleware takes a string `body` as the payload instead
 * of reading the stream itself. False when the request was answered.
 */
async function takeBody(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const read = await readBounded(req, maxWebhookBytes);
  if (read.kind === "too-large") refuseTooLarge(req, res, maxWebhookBytes);
  if (read.kind !== "read") return false;
  // Decoded as @octokit/webhooks decodes a streamed body.
  (req as IncomingMessage & { body?: string }).body = decoder.decode(read.body);
  return true;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shown =
        address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

function startSweeps(runner: Runner, everyMs: number) {
  if (everyMs <= 0) return undefined;
  const timer = setInterval(() => {
    void sweepInquiries(runner).catch((err: unknown) =>
      runner.services.log.error({ err }, "sweep failed"),
    );
  }, everyMs);
  timer.unref();
  return timer;
}
