import { fail } from "../../../errors.js";
import type { Comment, Issue, Repo } from "../model/types.js";
import { nodeId } from "../rest/common.js";
import { commentObject, issueObject } from "../rest/issues.js";
import { pullRequestObject } from "../rest/pulls.js";
import { repository } from "../rest/repos.js";
import { organization, simpleUser } from "../rest/users.js";
import type { Site } from "../site.js";
import { isObject, type Json } from "../spec.js";
import { webhookExample } from "./examples.js";

/** A webhook about to be sent: its event name and JSON payload. */
export interface WebhookEvent {
  readonly event: string;
  readonly payload: Json;
}

/**
 * Builds a payload from GitHub's example for the event and action, with
 * the repository, sender, installation and every given object replaced
 * by the model's own (objects are laid over the example's, key by key).
 */
export function webhookPayload(
  site: Site,
  event: string,
  parts: { action?: string; repo: Repo; sender: string; fields?: Json },
): WebhookEvent {
  const example = webhookExample(event, parts.action);
  const fields: Json = {
    ...(parts.action === undefined ? {} : { action: parts.action }),
    ...parts.fields,
    repository: repository(site, parts.repo),
    organization: organization(site),
    sender: simpleUser(site, parts.sender),
    installation: {
      id: site.installationId,
      node_id: nodeId("IntegrationInstallation", site.installationId),
    },
  };
  const { enterprise: _none, ...payload } = layOver(example, fields);
  return { event, payload };
}

/** Objects laid over the example's; any other field replaces it. */
const layered = new Set([
  "issue",
  "comment",
  "pull_request",
  "repository",
  "sender",
  "organization",
]);

function layOver(example: Json, fields: Json): Json {
  const result: Json = { ...example };
  for (const [key, value] of Object.entries(fields)) {
    const under = example[key];
    const merge = layered.has(key) && isObject(under) && isObject(value);
    result[key] = merge ? withoutPull(under, value) : value;
  }
  return result;
}

/** Keys only a pull request's issue has must not leak onto an issue. */
function withoutPull(under: Json, value: Json): Json {
  const { pull_request: _pull, ...rest } = under;
  return { ...rest, ...value };
}

/** `issues` with an action, about one issue. */
export function issuesEvent(
  site: Site,
  action: string,
  issue: Issue,
  sender: string,
  fields: Json = {},
): WebhookEvent {
  const repo = site.model.repo(issue.repo);
  const issueJson = issueObject(site, issue);
  return webhookPayload(site, "issues", {
    action,
    repo,
    sender,
    fields: { issue: issueJson, ...fields },
  });
}

/** `issue_comment` with an action, about one comment. */
export function issueCommentEvent(
  site: Site,
  action: string,
  comment: Comment,
  sender: string,
  fields: Json = {},
): WebhookEvent {
  const repo = site.model.repo(comment.repo);
  const issue = repo.issues.get(comment.issueNumber);
  if (!issue) {
    const name = `#${comment.issueNumber}`;
    throw fail("AR_STANDIN_UNKNOWN", { kind: "issue", name, known: "" });
  }
  return webhookPayload(site, "issue_comment", {
    action,
    repo,
    sender,
    fields: {
      issue: issueObject(site, issue),
      comment: commentObject(site, comment),
      ...fields,
    },
  });
}

/** `pull_request` with an action, about one pull request. */
export function pullRequestEvent(
  site: Site,
  action: string,
  issue: Issue,
  sender: string,
  fields: Json = {},
): WebhookEvent {
  const repo = site.model.repo(issue.repo);
  return webhookPayload(site, "pull_request", {
    action,
    repo,
    sender,
    fields: {
      number: issue.number,
      pull_request: pullRequestObject(site, issue),
      ...fields,
    },
  });
}

/** `repository_dispatch`: its action is the event type. */
export function dispatchEvent(
  site: Site,
  repo: Repo,
  sender: string,
  eventType: string,
  clientPayload: Json,
): WebhookEvent {
  return webhookPayload(site, "repository_dispatch", {
    action: eventType,
    repo,
    sender,
    fields: { branch: repo.defaultBranch, client_payload: clientPayload },
  });
}
