import type { Context } from "probot";
import { acceptRequest, refuse } from "../../engine/accept.js";
import { yamlText } from "../../engine/render.js";
import {
  dispatchEventType,
  isWorkflowName,
  type RunRequest,
} from "../../engine/request.js";
import type { Runner } from "../../engine/runner.js";
import { fail, isAppError } from "../../errors.js";
import { code, fenced } from "../../markdown.js";
import type { Octokit } from "../octokit.js";

/**
 * `repository_dispatch` of type `approval-runner.run`: the app opens the
 * run's issue itself, with the dispatch's sender as the requester.
 */
export function onRepositoryDispatch(runner: Runner) {
  return async (context: Context<"repository_dispatch">): Promise<void> => {
    const { action, client_payload, sender, repository } = context.payload;
    if (action !== dispatchEventType) return;
    // One issue per delivery, even when GitHub delivers it again.
    const opening = `${context.id}:issue`;
    if (!runner.services.store.recordDelivery(opening, "dispatch")) return;
    const read = readPayload(client_payload);
    const where = { owner: repository.owner.login, repo: repository.name };
    const body = requestBody(sender.login, client_payload);
    const issueNumber = await openIssue(context.octokit, where, {
      title: `Run ${"request" in read ? read.request.workflow : "(unreadable)"}`,
      body,
    });
    const base = {
      runner,
      octokit: context.octokit,
      issue: { ...where, issueNumber },
      deliveryId: context.id,
    };
    if ("problem" in read) return refuse(base, read.problem);
    await acceptRequest({
      ...base,
      installationId: context.payload.installation?.id ?? 0,
      requester: { id: sender.id, login: sender.login, type: sender.type },
      body,
      request: read.request,
    });
  };
}

/** `{workflow, input}` from the client payload, or why it cannot be read. */
export function readPayload(
  payload: unknown,
): { request: RunRequest } | { problem: string } {
  try {
    return { request: requestOf(payload) };
  } catch (err) {
    if (isAppError(err)) return { problem: err.message };
    throw err;
  }
}

function requestOf(payload: unknown): RunRequest {
  const problem = (text: string) =>
    fail("AR_REQUEST_PAYLOAD", { problem: text });
  if (!isObject(payload)) throw problem("client_payload is not an object");
  const { workflow, input } = payload;
  if (typeof workflow !== "string" || !isWorkflowName(workflow)) {
    throw problem(
      "`workflow` must name a workflow (letters, digits, `_`, `.`, `-`)",
    );
  }
  if (input !== undefined && !isObject(input)) {
    throw problem("`input` must be an object of field names to values");
  }
  return { kind: "data", workflow, input: input ?? {} };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Leaves room under GitHub's 65,536-character body for the status table.
const maxShown = 20_000;

/** The request as it came, for the issue that records the run. */
function requestBody(login: string, payload: unknown): string {
  const text = yamlText(payload ?? {});
  const shown =
    text.length > maxShown
      ? `${text.slice(0, maxShown)}\n# … ${text.length - maxShown} more characters`
      : text;
  return [
    `@${login} requested this run through \`repository_dispatch\` (event type ${code(dispatchEventType)}):`,
    "",
    fenced(shown, "yaml"),
  ].join("\n");
}

async function openIssue(
  octokit: Octokit,
  where: { owner: string; repo: string },
  fields: { title: string; body: string },
): Promise<number> {
  const { data } = await octokit.rest.issues.create({ ...where, ...fields });
  return data.number;
}
