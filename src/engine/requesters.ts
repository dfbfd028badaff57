import { fail } from "../errors.js";
import type { IssueRef, Octokit } from "../github/octokit.js";
import type { PeopleSpec } from "../workflow/types.js";
import { describeApprovers, mayAnswer, type Person } from "./approvers.js";

export interface RequesterCheck {
  octokit: Octokit;
  issue: IssueRef;
  workflow: string;
  /** Each limit must admit the person: the workflow's, the repository's. */
  limits: PeopleSpec[];
}

/**
 * Refuses a requester whom a limit does not admit. Users are matched by
 * id through login, team or role; a bot only when a limit names it.
 */
export async function checkRequester(
  check: RequesterCheck,
  person: Person,
): Promise<void> {
  for (const limit of check.limits) {
    if (await isAdmitted(check, limit, person)) continue;
    throw fail("AR_REQUEST_NOT_ALLOWED", {
      login: person.login,
      workflow: check.workflow,
      allowed: describeLimits(check.limits, check.issue.owner),
    });
  }
}

async function isAdmitted(
  check: RequesterCheck,
  limit: PeopleSpec,
  person: Person,
): Promise<boolean> {
  const login = person.login.toLowerCase();
  if (person.type !== "User") {
    return limit.users.some((u) => u.toLowerCase() === login);
  }
  const approvers = { ...limit, allowRequester: true };
  const answer = { octokit: check.octokit, issue: check.issue, approvers };
  return mayAnswer({ ...answer, requesterId: -1 }, person);
}

function describeLimits(limits: PeopleSpec[], org: string): string {
  return limits
    .map((l) => describeApprovers({ ...l, allowRequester: false }, org))
    .join(", and also one of: ");
}
