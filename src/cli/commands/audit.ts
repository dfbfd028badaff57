import type { Command } from "commander";
import { type AppOptions, addAppOption, appLoginOf } from "../app-option.js";
import { auditEvents, eventsSince } from "../audit-events.js";
import {
  addGitHubOptions,
  connect,
  type GitHubOptions,
} from "../github-client.js";
import { type CliIo, say } from "../io.js";
import { listComments, listRunIssues } from "../runs.js";
import { parseSince } from "../since.js";

const help = [
  "",
  "Prints one JSON object per line for each event of every run in the",
  "repository, read from the runs' issues. Kinds: requested, comment (a",
  "person's), closed, and the app's comments: accepted, inquiry,",
  "factor-link, answer, refused, reminder, action, outcome-unknown,",
  "finished, app (any other; its `key` says which). Runs come in issue",
  "order, each run's events in time order. Only comments by the --app's",
  "bot user are the app's; anyone else's is a comment, whatever it holds.",
].join("\n");

/** `audit export`: every run's events as JSON lines. */
export function register(program: Command, io: CliIo): void {
  const audit = program
    .command("audit")
    .description("export what happened, for auditors");
  addAppOption(
    addGitHubOptions(
      audit
        .command("export")
        .description("print every event of every run as JSON lines")
        .option("--since <when>", "only events since then: 2026-12-01, 7d, 24h")
        .addHelpText("after", help),
    ),
  ).action((options: ExportOptions) => exportEvents(options, io));
}

interface ExportOptions extends GitHubOptions, AppOptions {
  since?: string;
}

async function exportEvents(options: ExportOptions, io: CliIo) {
  const since = options.since ? parseSince(options.since) : undefined;
  const appLogin = appLoginOf(options, io.env);
  const client = connect(options, io);
  const runs = await listRunIssues(client, {
    state: "all",
    ...(since ? { since } : {}),
  });
  for (const run of runs) {
    const comments = await listComments(client, run.number);
    const events = auditEvents(client.slug, run, comments, appLogin);
    for (const event of eventsSince(events, since)) {
      say(io, JSON.stringify(event));
    }
  }
}
