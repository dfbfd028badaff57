import type { Command } from "commander";
import { isAppError } from "../../errors.js";
import { type AppOptions, addAppOption, appLoginOf } from "../app-option.js";
import { findInquiry } from "../find-inquiry.js";
import { formatTable, shortTime } from "../format.js";
import {
  addGitHubOptions,
  connect,
  type GitHubOptions,
} from "../github-client.js";
import { parseInquiryId } from "../ids.js";
import { type InquiryView, inquiriesOf } from "../inquiries.js";
import { type CliIo, say } from "../io.js";
import { fieldsOf } from "../prompt.js";
import { type RespondOptions, respond } from "../respond.js";
import { listComments, listRunIssues } from "../runs.js";
import { loadInquirySchema, type Schema } from "../schema-source.js";

const idHelp = [
  "",
  "An inquiry id is the run's issue and the task that asks, as",
  "owner/name#<issue>/<task> (e.g. acme/ops#12/approval); #12/approval",
  "and 12/approval use --repo. The numeric id of the comment that asked",
  "it works too. `inquiry list` shows both.",
].join("\n");

/** `inquiry list|get|respond`: StackStorm's inquiry commands on GitHub. */
export function register(program: Command, io: CliIo): void {
  const inquiry = program
    .command("inquiry")
    .description("list, read and answer inquiries (approval steps)");
  withOptions(
    inquiry
      .command("list")
      .description("list the inquiries waiting for an answer")
      .option("--all", "also answered and closed ones, of every run")
      .option("--json", "print JSON lines instead of a table"),
  ).action((options: ListOptions) => listInquiries(options, io));
  withOptions(
    inquiry
      .command("get")
      .description("show an inquiry: its run, status, fields and text")
      .argument("<inquiry-id>", "owner/name#<issue>/<task> or a comment id")
      .option("--json", "print JSON instead of text")
      .addHelpText("after", idHelp),
  ).action((id: string, options: GetOptions) => getInquiry(id, options, io));
  withOptions(
    inquiry
      .command("respond")
      .description("answer an inquiry; asks for each field on a terminal")
      .argument("<inquiry-id>", "owner/name#<issue>/<task> or a comment id")
      .option("-r, --response <json>", "the whole response, as JSON or YAML")
      .option("-f, --file <path>", "read the response from a file (- is stdin)")
      .option(
        "--wait <seconds>",
        "wait this long for the app's verdict",
        Number,
      )
      .addHelpText("after", idHelp),
  ).action(async (id: string, options: RespondCommandOptions) => {
    const found = await findInquiry(options, parseInquiryId(id), io);
    await respond(found, options, io);
  });
}

/** The GitHub options, and `--app`: every inquiry command reads comments. */
function withOptions(command: Command): Command {
  return addAppOption(addGitHubOptions(command));
}

type RespondCommandOptions = GitHubOptions & AppOptions & RespondOptions;

interface ListOptions extends GitHubOptions, AppOptions {
  all?: boolean;
  json?: boolean;
}

async function listInquiries(options: ListOptions, io: CliIo) {
  const appLogin = appLoginOf(options, io.env);
  const client = connect(options, io);
  const runs = await listRunIssues(
    client,
    options.all ? { state: "all" } : { state: "open", label: "paused" },
  );
  const found: InquiryView[] = [];
  for (const run of runs) {
    const comments = await listComments(client, run.number);
    found.push(...inquiriesOf(client.slug, run, comments, appLogin));
  }
  const shown = options.all ? found : found.filter((i) => i.open);
  if (options.json) {
    for (const i of shown) say(io, JSON.stringify(withoutText(i)));
    return;
  }
  if (shown.length === 0) {
    return say(io, `No inquiry waits for an answer in ${client.slug}.`);
  }
  say(io, formatTable([listHeader, ...shown.map(listRow)]));
}

const listHeader = [
  "ID",
  "KIND",
  "STATUS",
  "WORKFLOW",
  "ASKED (UTC)",
  "COMMENT",
];

function listRow(i: InquiryView): string[] {
  const status = i.open ? "waiting" : i.status;
  const when = shortTime(i.askedAt);
  return [i.id, i.kind, status, i.workflow, when, String(i.commentId)];
}

function withoutText(i: InquiryView): Omit<InquiryView, "text"> {
  const { text: _, ...rest } = i;
  return rest;
}

interface GetOptions extends GitHubOptions, AppOptions {
  json?: boolean;
}

async function getInquiry(id: string, options: GetOptions, io: CliIo) {
  const found = await findInquiry(options, parseInquiryId(id), io);
  const { inquiry } = found;
  const schema =
    inquiry.kind === "ask" ? await schemaOrNothing(found) : undefined;
  if (options.json) {
    return say(io, JSON.stringify({ ...inquiry, schema: schema ?? null }));
  }
  say(io, describeInquiry(inquiry, found.run.url, schema).join("\n"));
}

async function schemaOrNothing(found: Awaited<ReturnType<typeof findInquiry>>) {
  const { client, run, inquiry } = found;
  try {
    return await loadInquirySchema(client, run, inquiry.task, inquiry.id);
  } catch (err) {
    if (isAppError(err, "AR_CLI_SCHEMA_UNAVAILABLE")) return undefined;
    throw err;
  }
}

function describeInquiry(
  i: InquiryView,
  runUrl: string,
  schema: Schema | undefined,
): string[] {
  const how =
    i.kind === "ask"
      ? `answer with: approval-runner inquiry respond ${i.id}`
      : "confirmed on the Duo link the app posted for each approver";
  return [
    `Inquiry ${i.id} (comment ${i.commentId}): ${i.open ? "waiting" : i.status}`,
    `Run ${i.run} of ${i.workflow}: ${runUrl}`,
    `Kind: ${i.kind}; ${how}`,
    `Asked: ${shortTime(i.askedAt)} UTC, ${i.url}`,
    ...(schema ? ["Fields:", ...fieldsOf(schema).map(fieldLine)] : []),
    "",
    i.text,
  ];
}

function fieldLine(field: ReturnType<typeof fieldsOf>[number]): string {
  const kind = field.choices ? field.choices.map(String).join("/") : field.type;
  const flags = [kind, field.required ? "required" : "optional"];
  if (field.secret) flags.push("secret");
  const about = field.description ? `: ${field.description}` : "";
  return `  ${field.name} (${flags.join(", ")})${about}`;
}
