import type { Command } from "commander";
import {
  dispatchEventType,
  isWorkflowName,
  parseValues,
} from "../../engine/request.js";
import { fail } from "../../errors.js";
import {
  addGitHubOptions,
  ask,
  connect,
  type GitHubOptions,
  type RepoClient,
} from "../github-client.js";
import { type CliIo, say } from "../io.js";

const help = [
  "",
  "Sends a repository_dispatch of type approval-runner.run; the app opens",
  "the run's issue, with you (the token's owner) as the requester, types",
  "the values against the workflow's input schema and asks for approval.",
  "The token needs write access to the repository's contents.",
  "",
  "Example: approval-runner request service_restart service=crond \\",
  "  host=web-1 --repo acme/ops",
].join("\n");

/** `request <workflow> key=value …`: ask for a run from a terminal. */
export function register(program: Command, io: CliIo): void {
  addGitHubOptions(
    program
      .command("request")
      .description("ask for a workflow run (through repository_dispatch)")
      .argument("<workflow>", "the workflow's name")
      .argument("[values...]", "its input as key=value words")
      .addHelpText("after", help),
  ).action(
    async (workflow: string, values: string[], options: GitHubOptions) => {
      const client = connect(options, io);
      await requestRun(client, workflow, values);
      say(
        io,
        `Asked ${client.slug} to run ${workflow}; the app opens an issue for the run.`,
      );
    },
  );
}

/** Sends the dispatch that asks for a run; values stay text for the app. */
export async function requestRun(
  client: RepoClient,
  workflow: string,
  words: readonly string[],
): Promise<void> {
  if (!isWorkflowName(workflow)) {
    throw fail("AR_REQUEST_SYNTAX", {
      problem: `\`${workflow.slice(0, 100)}\` is not a workflow name (letters, digits, \`_\`, \`.\`, \`-\`)`,
    });
  }
  const input = parseValues(words);
  await ask(`asking ${client.slug} to run ${workflow}`, () =>
    client.octokit.rest.repos.createDispatchEvent({
      owner: client.owner,
      repo: client.repo,
      event_type: dispatchEventType,
      client_payload: { workflow, input },
    }),
  );
}
