import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { isAppError } from "../../errors.js";
import { loadOptionsOf } from "../../github/workflows.js";
import { FormError, readForm } from "../../web/http.js";
import { loadWorkflow } from "../../workflow/load.js";
import type { Stack } from "../stack.js";
import { homePage } from "./home.js";
import { type PageFacts, problemPage } from "./pages.js";
import { threadPage } from "./thread.js";
import type { WorkflowSync } from "./workflows.js";

/** Everything the page handler works with. */
export interface PlaygroundContext {
  stack: Stack;
  sync: WorkflowSync;
  facts: PageFacts;
  passcodes: Record<string, string[]>;
  tokens: Record<string, string>;
  /** `127.0.0.1:<port>`, known once the server listens. */
  host: string;
  log: Logger;
}

const headers = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-type": "text/html; charset=utf-8",
};

const maxFormBytes = 128 * 1024;

/** Serves the playground's pages; only the catch-all here catches. */
export function createHandler(ctx: PlaygroundContext) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await route(ctx, req, res);
    } catch (err) {
      const shown = problemFor(err);
      if (shown.status >= 500) ctx.log.error({ err }, "playground failed");
      if (!res.headersSent) send(res, shown.status, shown.body);
    }
  };
}

async function route(
  ctx: PlaygroundContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // A page reached under another name may be a DNS-rebinding attempt.
  if (!isOwnHost(req.headers.host, ctx.host)) {
    return send(res, 421, problemPage(421, "Unknown host name.").body);
  }
  const path = new URL(req.url ?? "/", "http://playground").pathname;
  const issue = /^\/issues\/(\d+)$/.exec(path);
  const comment = /^\/issues\/(\d+)\/comments$/.exec(path);
  if (req.method === "GET" && path === "/") return showHome(ctx, res);
  if (req.method === "GET" && issue) return showIssue(ctx, res, issue[1]!);
  if (req.method === "POST" && path === "/issues") {
    return fileRequest(ctx, req, res);
  }
  if (req.method === "POST" && comment) {
    return postComment(ctx, req, res, Number(comment[1]));
  }
  send(res, 404, problemPage(404, "There is no such page.").body);
}

/**
 * Loopback names, with the page's port: `localhost` and `[::1]` as well
 * as `127.0.0.1`, since browsers open the printed address either way. A
 * name that only resolves to loopback (rebinding) is none of these.
 */
function isOwnHost(given: string | undefined, own: string): boolean {
  const port = own.slice(own.lastIndexOf(":") + 1);
  const names = ["127.0.0.1", "localhost", "[::1]"];
  return names.some((name) => `${name}:${port}` === given?.toLowerCase());
}

async function showHome(ctx: PlaygroundContext, res: ServerResponse) {
  await ctx.stack.settle();
  send(res, 200, homePage({ ...ctx.facts, ...homeFacts(ctx) }));
}

function homeFacts(ctx: PlaygroundContext) {
  const { gh, config } = ctx.stack;
  const issues = [];
  for (let n = 1; gh.issue(n); n++) issues.push(gh.issue(n)!);
  const options = loadOptionsOf(config);
  const workflows = Object.entries(ctx.sync.files).map(([path, text]) => ({
    path,
    problems: loadWorkflow(text, path, options).problems,
  }));
  const { passcodes, tokens } = ctx;
  return { issues, workflows, passcodes, tokens, apiUrl: gh.apiUrl };
}

async function showIssue(
  ctx: PlaygroundContext,
  res: ServerResponse,
  number: string,
) {
  await ctx.stack.settle();
  const { gh } = ctx.stack;
  const issue = gh.issue(Number(number));
  if (!issue) return send(res, 404, problemPage(404, "No such issue.").body);
  send(res, 200, threadPage(ctx.facts, issue, gh.comments(issue.number)));
}

async function fileRequest(
  ctx: PlaygroundContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const form = await readChecked(ctx, req);
  ctx.sync.sync();
  const body = form.get("body") ?? "";
  const title = (form.get("title") ?? "").trim() || titleFrom(body);
  const as = form.get("as") ?? "alice";
  const opened = await ctx.stack.gh.openIssue(as, { title, body });
  await ctx.stack.settle();
  redirect(res, `/issues/${opened.number}`);
}

async function postComment(
  ctx: PlaygroundContext,
  req: IncomingMessage,
  res: ServerResponse,
  number: number,
) {
  const form = await readChecked(ctx, req);
  ctx.sync.sync();
  const as = form.get("as") ?? "bob";
  const made = await ctx.stack.gh.comment(as, number, form.get("body") ?? "");
  await ctx.stack.settle();
  redirect(res, `/issues/${number}#comment-${made.id}`);
}

/** A posted form, once its CSRF value matches the page's. */
async function readChecked(ctx: PlaygroundContext, req: IncomingMessage) {
  const form = await readForm(req, maxFormBytes);
  const given = Buffer.from(form.get("csrf") ?? "");
  const expected = Buffer.from(ctx.facts.csrf);
  const same =
    given.length === expected.length && timingSafeEqual(given, expected);
  if (!same) {
    throw new PageProblem(403, "This form did not come from this page.");
  }
  return form;
}

function titleFrom(body: string): string {
  const first = body.trim().split("\n")[0] ?? "";
  return first.slice(0, 80) || "Request";
}

/** A request the page refuses, with the status to answer. */
class PageProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function problemFor(err: unknown) {
  if (err instanceof PageProblem) return problemPage(err.status, err.message);
  if (err instanceof FormError) {
    return problemPage(err.status, err.error.message);
  }
  // The stand-in refuses what GitHub refuses (unknown user, long body).
  if (isAppError(err)) return problemPage(400, err.message);
  return problemPage(500, "The playground failed; see its log.");
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, headers).end(body);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { ...headers, location: to }).end();
}
