import { isScalar, parseDocument, visit } from "yaml";
import { fail } from "../errors.js";
import { loadWorkflow } from "../workflow/load.js";
import { renderTemplate } from "../workflow/template.js";
import type { RepoClient } from "./github-client.js";
import { gitHubError } from "./github-error.js";
import type { RunIssue } from "./runs.js";

export type Schema = Record<string, unknown>;

/**
 * The response schema of an inquiry, read from the workflow file at the
 * commit the run pinned: exactly what the app checks answers against.
 */
export async function loadInquirySchema(
  client: RepoClient,
  run: RunIssue,
  task: string,
  id: string,
): Promise<Schema> {
  const file = await readWorkflowFile(client, run);
  if (!file) {
    const problem = `no workflow file for \`${run.run.workflow}\` at ${run.run.sha.slice(0, 12)}`;
    throw fail("AR_CLI_SCHEMA_UNAVAILABLE", { id, problem });
  }
  const loaded = loadWorkflow(file.text, file.path, permissiveOptions(file));
  const spec = loaded.workflow?.tasks[task];
  if (!spec) {
    const problem = loaded.workflow
      ? `the workflow has no task \`${task}\``
      : `the file does not load (${loaded.problems[0]?.message ?? "unknown"})`;
    throw fail("AR_CLI_SCHEMA_UNAVAILABLE", { id, problem });
  }
  const schema = (spec.input["schema"] ?? {}) as Schema;
  return renderDescriptions(schema, run);
}

/**
 * The CLI has no operator inventory; it reads a workflow only for its
 * schemas, so every string the file holds counts as a known host alias.
 */
function permissiveOptions(file: { text: string }) {
  const strings = new Set<string>(["local"]);
  visit(parseDocument(file.text), {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === "string") {
        strings.add(node.value);
      }
    },
  });
  return {
    hosts: [...strings],
    localAlias: "local",
    importedApprovers: { users: [], teams: [], roles: [] },
  };
}

/** Descriptions may quote the run's input (`{{ ctx().host }}`). */
function renderDescriptions(schema: Schema, run: RunIssue): Schema {
  try {
    const scope = { ctx: run.run.input, tasks: {} };
    return renderTemplate(schema, scope) as Schema;
  } catch {
    // Later inquiries may quote values published after the input; the
    // schema's structure does not depend on them.
    return schema;
  }
}

async function readWorkflowFile(client: RepoClient, run: RunIssue) {
  const name = run.run.workflow;
  const paths = [
    ...(run.workflowPath ? [run.workflowPath] : []),
    `workflows/${name}.yaml`,
    `workflows/${name}.yml`,
  ];
  for (const path of new Set(paths)) {
    const text = await readFile(client, path, run.run.sha);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

async function readFile(client: RepoClient, path: string, ref: string) {
  const { octokit, owner, repo, slug } = client;
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path,
      ref,
    });
    if (Array.isArray(data) || data.type !== "file") return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (err) {
    if ((err as { status?: unknown }).status === 404) return undefined;
    throw gitHubError(`reading ${path} of ${slug} at ${ref}`, err);
  }
}
