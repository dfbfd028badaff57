import { fail, isAppError } from "../errors.js";
import { withCode } from "../github/markers.js";
import type { IssueRef, Octokit } from "../github/octokit.js";
import { Thread } from "../github/thread.js";
import { type FetchedWorkflow, fetchWorkflow } from "../github/workflows.js";
import { renderTemplate } from "../workflow/template.js";
import type { PeopleSpec } from "../workflow/types.js";
import type { Person } from "./approvers.js";
import { formInput } from "./form-body.js";
import { checkAgainst } from "./json-schema.js";
import {
  inputBoundProblems,
  nulProblems,
  type RunRequest,
  typeValues,
} from "./request.js";
import { checkRequester } from "./requesters.js";
import type { Runner } from "./runner.js";

export interface AcceptOptions {
  runner: Runner;
  octokit: Octokit;
  installationId: number;
  issue: IssueRef;
  requester: Person;
  /** The issue body as written, kept above the status table. */
  body: string;
  request: RunRequest;
  deliveryId: string;
}

/**
 * Turns a request into a run: the workflow from the default branch, the
 * requester and input checked, and the run stored with the delivery in
 * one transaction. A request that cannot run gets a comment saying why;
 * nothing is stored.
 */
export async function acceptRequest(options: AcceptOptions): Promise<void> {
  const { runner, request, issue } = options;
  const { store, config, log } = runner.services;
  try {
    const fetched = await fetchWorkflow(
      options.octokit,
      { owner: issue.owner, repo: issue.repo },
      request.workflow,
      config,
    );
    await checkRequester(
      {
        octokit: options.octokit,
        issue,
        workflow: request.workflow,
        limits: limitsOf(fetched),
      },
      options.requester,
    );
    const input = inputOf(request, fetched.workflow.input);
    const run = store.transaction(() => {
      if (!store.recordDelivery(options.deliveryId, "request"))
        return undefined;
      return store.runs.create({
        ...issue,
        installationId: options.installationId,
        workflow: fetched.workflow.name,
        workflowPath: fetched.workflow.path,
        workflowSha: fetched.sha,
        workflowSource: JSON.stringify(fetched.workflow),
        input,
        vars: varsOf(fetched.workflow.vars, input),
        requesterId: options.requester.id,
        requesterLogin: options.requester.login,
        requestBody: options.body,
      });
    });
    if (!run) return;
    await addLabels(options, fetched.settings.labels);
    void runner.kick(run.id);
  } catch (err) {
    if (!isAppError(err)) throw err;
    log.info({ code: err.code, issue }, "request refused");
    await refuse(options, withCode(err.message, err.code));
  }
}

function limitsOf(fetched: FetchedWorkflow): PeopleSpec[] {
  return [fetched.workflow.requesters, fetched.settings.requesters].filter(
    (l): l is PeopleSpec => l !== undefined,
  );
}

/** The typed input of a request, or the refusal naming each bad field. */
function inputOf(
  request: RunRequest,
  schema: Record<string, unknown>,
): Record<string, unknown> {
  const read = readInput(request, schema);
  // Bounds first: what is too deep must not reach ajv, yaml or the store.
  const bounds = inputBoundProblems(read.input);
  const problems =
    bounds.length > 0
      ? bounds
      : [
          ...nulProblems(read.input),
          ...read.problems,
          ...checkAgainst(schema, read.input),
        ];
  if (problems.length === 0) return read.input;
  throw fail("AR_INPUT_INVALID", {
    workflow: request.workflow,
    problems: problems.map((p) => `- ${p}`).join("\n"),
  });
}

function readInput(
  request: RunRequest,
  schema: Record<string, unknown>,
): { input: Record<string, unknown>; problems: string[] } {
  switch (request.kind) {
    case "form":
      return formInput(request.form, schema);
    case "words":
      return { input: typeValues(request.values, schema), problems: [] };
    case "data":
      return { input: typeValues(request.input, schema), problems: [] };
  }
}

/** The repository's own labels; a failure here must not stop the run. */
async function addLabels(options: AcceptOptions, labels: string[]) {
  if (labels.length === 0) return;
  const { owner, repo, issueNumber } = options.issue;
  try {
    await options.octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: issueNumber,
      labels,
    });
  } catch (err) {
    options.runner.services.log.warn({ err, labels }, "labels not added");
  }
}

/** Answers a request that cannot run, once per delivery. */
export async function refuse(
  options: Pick<AcceptOptions, "runner" | "octokit" | "issue" | "deliveryId">,
  message: string,
): Promise<void> {
  const { store, log } = options.runner.services;
  if (!store.recordDelivery(options.deliveryId, "refused")) return;
  const thread = new Thread({
    octokit: options.octokit,
    store,
    issue: options.issue,
    runId: 0,
    log,
  });
  await thread.comment(`refused-${options.deliveryId}`, message);
}

/** Workflow variables, rendered once against the input when a run starts. */
function varsOf(
  vars: Record<string, unknown> | undefined,
  input: Record<string, unknown>,
): Record<string, unknown> {
  if (!vars) return {};
  return renderTemplate(vars, { ctx: input, tasks: {} }) as Record<
    string,
    unknown
  >;
}
