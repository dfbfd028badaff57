import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { checkAgainst } from "../engine/json-schema.js";
import { yamlBlock } from "../engine/render.js";
import { fail, isAppError } from "../errors.js";
import { isAppComment } from "../github/app-user.js";
import { hasMarker, readCommentText } from "../github/markers.js";
import type { FoundInquiry } from "./find-inquiry.js";
import { ask } from "./github-client.js";
import { type CliIo, say } from "./io.js";
import { fieldsOf, promptForResponse } from "./prompt.js";
import { loadInquirySchema, type Schema } from "./schema-source.js";

export interface RespondOptions {
  /** The whole response as JSON (or YAML). */
  response?: string;
  /** A file holding the response; `-` reads stdin. */
  file?: string;
  /** Seconds to wait for the app's verdict on the answer. */
  wait?: number;
}

/**
 * Answers an open inquiry the way a person would: a comment holding a
 * fenced YAML block, checked against the schema first so a typo never
 * reaches the thread.
 */
export async function respond(
  found: FoundInquiry,
  options: RespondOptions,
  io: CliIo,
): Promise<void> {
  checkAnswerable(found);
  const schema = await schemaFor(found, options);
  const value = await responseOf(schema, options, io);
  checkResponse(found, schema, value);
  const posted = await postAnswer(found, value);
  say(io, `Answered ${found.inquiry.id} with ${posted.url}`);
  say(io, describe(value, schema));
  if (options.wait) await waitForVerdict(found, posted.id, options.wait, io);
}

function checkAnswerable({ inquiry }: FoundInquiry): void {
  if (inquiry.kind === "factor") {
    throw fail("AR_CLI_INQUIRY_FACTOR", { id: inquiry.id });
  }
  if (!inquiry.open) {
    const status = inquiry.status === "paused" ? "closed" : inquiry.status;
    throw fail("AR_CLI_INQUIRY_CLOSED", { id: inquiry.id, status });
  }
}

async function schemaFor(found: FoundInquiry, options: RespondOptions) {
  const { client, run, inquiry } = found;
  try {
    return await loadInquirySchema(client, run, inquiry.task, inquiry.id);
  } catch (err) {
    // With a whole response given, the app's own check is enough.
    const given = options.response !== undefined || options.file !== undefined;
    if (given && isAppError(err, "AR_CLI_SCHEMA_UNAVAILABLE")) return undefined;
    throw err;
  }
}

async function responseOf(
  schema: Schema | undefined,
  options: RespondOptions,
  io: CliIo,
): Promise<Record<string, unknown>> {
  if (options.response !== undefined) {
    return readMapping(options.response, "--response");
  }
  if (options.file !== undefined) {
    const source = options.file === "-" ? "stdin" : options.file;
    return readMapping(await readSource(options.file, io), source);
  }
  if (!io.stdin.isTTY || !schema) throw fail("AR_CLI_NO_RESPONSE", {});
  return promptForResponse(schema, io);
}

async function readSource(file: string, io: CliIo): Promise<string> {
  if (file !== "-") {
    try {
      return readFileSync(file, "utf8");
    } catch (err) {
      const problem = (err as NodeJS.ErrnoException).code ?? "unreadable";
      throw fail("AR_CLI_RESPONSE_UNREADABLE", { source: file, problem });
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON or YAML mapping of field names to values. */
export function readMapping(text: string, source: string) {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 10 });
  } catch (err) {
    const problem = (err as Error).message.split("\n")[0] ?? "not YAML";
    throw fail("AR_CLI_RESPONSE_UNREADABLE", { source, problem });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const problem = "it is not a mapping";
    throw fail("AR_CLI_RESPONSE_UNREADABLE", { source, problem });
  }
  return value as Record<string, unknown>;
}

function checkResponse(
  { inquiry }: FoundInquiry,
  schema: Schema | undefined,
  value: Record<string, unknown>,
): void {
  const problems = schema ? checkAgainst(schema, value) : [];
  if (problems.length === 0) return;
  throw fail("AR_REPLY_INVALID", {
    task: inquiry.task,
    problems: problems.map((p) => `- ${p}`).join("\n"),
  });
}

async function postAnswer(found: FoundInquiry, value: Record<string, unknown>) {
  const { client, inquiry } = found;
  const { octokit, owner, repo } = client;
  const body = [
    `Answer to \`${inquiry.task}\` (run ${inquiry.run}), sent with \`approval-runner inquiry respond\`:`,
    "",
    yamlBlock(value),
  ].join("\n");
  const { data } = await ask(`answering ${inquiry.id}`, () =>
    octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: inquiry.issue,
      body,
    }),
  );
  return { id: data.id, url: data.html_url };
}

/** The answer as sent, secret fields masked. */
function describe(value: Record<string, unknown>, schema?: Schema): string {
  const secret = new Set(
    schema
      ? fieldsOf(schema)
          .filter((f) => f.secret)
          .map((f) => f.name)
      : [],
  );
  return Object.entries(value)
    .map(
      ([k, v]) => `  ${k}: ${secret.has(k) ? "********" : JSON.stringify(v)}`,
    )
    .join("\n");
}

/**
 * Polls the thread for the app's answer to our comment: by the app's bot
 * user, keyed on its last line, so a person's copy of the key is no verdict.
 */
async function waitForVerdict(
  found: FoundInquiry,
  commentId: number,
  seconds: number,
  io: CliIo,
): Promise<void> {
  const { octokit, owner, repo } = found.client;
  const key = `answer-${commentId}`;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const data = await ask(`reading ${found.inquiry.id}`, () =>
      octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: found.inquiry.issue,
        since: found.inquiry.askedAt,
        per_page: 100,
      }),
    );
    const verdict = data.find(
      (c) => isAppComment(c, found.appLogin) && hasMarker(c.body ?? "", key),
    );
    if (verdict) return say(io, readCommentText(verdict.body ?? ""));
    await sleep(500);
  }
  say(io, `The app has not answered within ${seconds} s; see the issue.`);
}
