import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Answer,
  answerAuth,
  answerPreauth,
  type DuoUser,
  failed,
  ok,
} from "./answers.js";
import { checkSignature, type Integration } from "./signature.js";

export type { DuoUser } from "./answers.js";

/** Ways the stand-in misbehaves on purpose, set while it runs. */
export type DuoFault = "5xx" | "429" | "hang" | "html";

/** One request as the stand-in saw it; the passcode is "[redacted]". */
export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  /** The HTTP status answered; absent while the request hangs. */
  status?: number;
}

export interface DuoStandInOptions {
  ikey: string;
  skey: string;
  /** The Duo API hostname clients sign for, e.g. `api-test.duosecurity.com`. */
  host: string;
  /** Duo users by username; each user's passcodes are used up as in Duo. */
  users: Record<string, DuoUser>;
  /** Allowed distance of a request's Date from this clock (default 300 s). */
  maxSkewSeconds?: number;
}

/** A local, plain-HTTP Duo Auth API on 127.0.0.1. */
export interface DuoStandIn {
  /** `http://127.0.0.1:<port>`: set as the client's `baseUrl`. */
  url: string;
  /** Every request received, in order, without secrets. */
  readonly requests: RecordedRequest[];
  setFault(fault: DuoFault | null): void;
  /**
   * Answers every request held by the "hang" fault now, as the "5xx"
   * fault would, so a test need not wait for its client to give up.
   */
  releaseHanging(): void;
  close(): Promise<void>;
}

interface State {
  integration: Integration;
  users: Map<string, DuoUser>;
  requests: RecordedRequest[];
  fault: DuoFault | null;
  /** Requests the "hang" fault holds, with their records. */
  hanging: Map<ServerResponse, RecordedRequest>;
}

type Route = (state: State, params: Record<string, string>) => Answer;

const ROUTES: Record<string, Route> = {
  "GET /auth/v2/check": () => ok({ time: nowSeconds() }),
  "POST /auth/v2/preauth": (state, params) =>
    answerPreauth(state.users, state.integration.host, params),
  "POST /auth/v2/auth": (state, params) => answerAuth(state.users, params),
};

const MAX_BODY_BYTES = 64 * 1024;

/** Starts the stand-in on an ephemeral loopback port. */
export async function startDuoStandIn(
  options: DuoStandInOptions,
): Promise<DuoStandIn> {
  const state = createState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch(() => res.destroy());
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    setFault: (fault) => {
      state.fault = fault;
    },
    releaseHanging: () => releaseHanging(state),
    close: () => stop(server),
  };
}

function createState(options: DuoStandInOptions): State {
  const { ikey, skey, host } = options;
  const maxSkewSeconds = options.maxSkewSeconds ?? 300;
  // Copies, so using up a passcode never edits the caller's fixture.
  const users = new Map(
    Object.entries(options.users).map(([name, user]) => [
      name,
      { ...user, passcodes: [...user.passcodes] },
    ]),
  );
  const integration = { ikey, skey, host, maxSkewSeconds };
  return {
    integration,
    users,
    requests: [],
    fault: null,
    hanging: new Map(),
  };
}

async function handle(
  state: State,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const method = req.method ?? "GET";
  const body = await readBody(req);
  const pairs = readParams(method, url, body);
  const params = firstValues(pairs);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    params: redact(params),
  };
  state.requests.push(record);
  if (state.fault === "hang") return hold(state, res, record);
  const status = state.fault
    ? writeFault(res, state.fault)
    : writeJson(res, route(state, { method, path: record.path, pairs, req }));
  record.status = status;
}

function hold(state: State, res: ServerResponse, record: RecordedRequest) {
  state.hanging.set(res, record);
  res.once("close", () => state.hanging.delete(res));
}

function releaseHanging(state: State): void {
  for (const [res, record] of state.hanging) {
    state.hanging.delete(res);
    record.status = writeFault(res, "5xx");
  }
}

/** Signature first (all but ping), then the endpoint's own answer. */
function route(
  state: State,
  request: {
    method: string;
    path: string;
    pairs: Array<[string, string]>;
    req: IncomingMessage;
  },
): Answer {
  const { method, path, pairs, req } = request;
  if (method === "GET" && path === "/auth/v2/ping") {
    return ok({ time: nowSeconds() });
  }
  const handler = ROUTES[`${method} ${path}`];
  if (!handler) return failed(404, 40401, "Resource not found");
  const signed = { method, path, params: pairs, headers: req.headers };
  const refusal = checkSignature(state.integration, signed, Date.now());
  if (refusal) return failed(refusal.status, refusal.code, refusal.message);
  return handler(state, firstValues(pairs));
}

function readParams(
  method: string,
  url: URL,
  body: string,
): Array<[string, string]> {
  const source =
    method === "GET" ? url.searchParams : new URLSearchParams(body);
  return [...source.entries()];
}

/** Endpoints read one value per name: the first, as most servers do. */
function firstValues(pairs: Array<[string, string]>): Record<string, string> {
  const seen = new Set<string>();
  const unique = pairs.filter(([name]) => {
    const fresh = !seen.has(name);
    seen.add(name);
    return fresh;
  });
  return Object.fromEntries(unique);
}

function redact(params: Record<string, string>): Record<string, string> {
  if (!Object.hasOwn(params, "passcode")) return params;
  return { ...params, passcode: "[redacted]" };
}

function writeFault(res: ServerResponse, fault: DuoFault): number {
  if (fault === "html") {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body><h1>400 Bad Request</h1>Duo/1.0</body></html>");
    return 200;
  }
  if (fault === "429") {
    res.setHeader("retry-after", "1");
    return writeJson(res, failed(429, 42901, "Too Many Requests"));
  }
  return writeJson(res, failed(503, 50301, "Service Unavailable"));
}

function writeJson(res: ServerResponse, answer: Answer): number {
  res.writeHead(answer.status, { "content-type": "application/json" });
  res.end(JSON.stringify(answer.body));
  return answer.status;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

/** Stops listening and drops open (also hanging) connections. */
function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
