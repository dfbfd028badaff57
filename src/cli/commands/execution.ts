import type { Command } from "commander";
import { formatTable, shortTime } from "../format.js";
import {
  addGitHubOptions,
  connect,
  type GitHubOptions,
} from "../github-client.js";
import { parseExecutionId } from "../ids.js";
import { type CliIo, say } from "../io.js";
import { getRunIssue, type RunIssue } from "../runs.js";

const idHelp = [
  "",
  "An execution id is the run's issue: 12, #12, owner/name#12, or its web",
  "address. The run's own number is shown in the table's heading.",
].join("\n");

/** `execution get`: a run's status table, read from its issue. */
export function register(program: Command, io: CliIo): void {
  const execution = program
    .command("execution")
    .description("show runs (executions) of workflows");
  addGitHubOptions(
    execution
      .command("get")
      .description("show a run's status table, as its issue holds it")
      .argument("<execution-id>", "the run's issue, e.g. acme/ops#12")
      .option("--json", "print JSON instead of a table")
      .addHelpText("after", idHelp),
  ).action((id: string, options: GetOptions) => getExecution(id, options, io));
}

interface GetOptions extends GitHubOptions {
  json?: boolean;
}

async function getExecution(id: string, options: GetOptions, io: CliIo) {
  const ref = parseExecutionId(id);
  const repo = ref.repo ?? options.repo;
  const client = connect({ ...options, ...(repo ? { repo } : {}) }, io);
  const run = await getRunIssue(client, ref.issue);
  if (options.json) return say(io, JSON.stringify(run));
  say(io, describeRun(client.slug, run).join("\n"));
}

/** The run's heading, where it lives, and its steps as a table. */
export function describeRun(slug: string, run: RunIssue): string[] {
  const rows = run.steps.map((s) => [
    s.task,
    s.action,
    s.status,
    s.who,
    s.when,
    s.duration,
  ]);
  const issueState = run.stateReason
    ? `${run.state} (${run.stateReason})`
    : run.state;
  return [
    run.heading.replaceAll("`", ""),
    `Issue ${slug}#${run.number}, ${issueState}: ${run.url}`,
    `Requested by @${run.requester} at ${shortTime(run.createdAt)} UTC; workflow ${run.workflowPath ?? run.run.workflow} at ${run.run.sha.slice(0, 12)}`,
    `Input: ${JSON.stringify(run.run.input)}`,
    `Labels: ${run.labels.join(", ") || "none"}`,
    "",
    formatTable([
      ["TASK", "ACTION", "STATUS", "WHO", "STARTED (UTC)", "DURATION"],
      ...rows,
    ]),
  ];
}
