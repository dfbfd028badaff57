import type { OperatorConfig } from "../config/types.js";
import type { IssueRef, Octokit } from "../github/octokit.js";
import { statusOf } from "../github/octokit.js";
import type { Approvers } from "../store/types.js";

/** The person behind a comment, as the webhook names them. */
export interface Person {
  id: number;
  login: string;
  type: string;
}

const roleRank: Record<string, number> = {
  read: 0,
  triage: 1,
  write: 2,
  maintain: 3,
  admin: 4,
};

/** Reads the approvers of a `core.ask` input, capped by the operator. */
export function approversOf(
  input: Record<string, unknown>,
  config: Pick<OperatorConfig, "allowSelfApproval">,
): Approvers {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    users: list(input["users"]),
    teams: list(input["teams"]),
    roles: list(input["roles"]),
    allowRequester:
      input["allow_requester"] === true && config.allowSelfApproval,
  };
}

export interface AnswerCheck {
  octokit: Octokit;
  issue: IssueRef;
  approvers: Approvers;
  requesterId: number;
}

/**
 * Whether `person` may answer. Identity is the numeric id from the webhook;
 * logins compare case-insensitively; bots never count.
 */
export async function mayAnswer(
  check: AnswerCheck,
  person: Person,
): Promise<boolean> {
  if (person.type !== "User") return false;
  if (person.id === check.requesterId && !check.approvers.allowRequester) {
    return false;
  }
  const login = person.login.toLowerCase();
  const { users, teams, roles } = check.approvers;
  if (users.some((u) => u.toLowerCase() === login)) return true;
  for (const team of teams) {
    if (await isTeamMember(check, team, person)) return true;
  }
  return roles.length > 0 && (await hasRole(check, roles, person));
}

async function isTeamMember(check: AnswerCheck, team: string, person: Person) {
  const { octokit, issue } = check;
  const slug = team.includes("/") ? team.split("/")[1]! : team;
  const org = team.includes("/") ? team.split("/")[0]! : issue.owner;
  try {
    const members = await octokit.paginate(
      octokit.rest.teams.listMembersInOrg,
      { org, team_slug: slug, per_page: 100 },
    );
    return members.some((m) => m.id === person.id);
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

async function hasRole(check: AnswerCheck, roles: string[], person: Person) {
  const { octokit, issue } = check;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: issue.owner,
      repo: issue.repo,
      username: person.login,
    });
    if (data.user && data.user.id !== person.id) return false;
    const held = roleRank[data.role_name] ?? roleRank[data.permission] ?? 0;
    const needed = Math.min(...roles.map((r) => roleRank[r] ?? 99));
    return held >= needed;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

/** Who may answer, in words for a comment. */
export function describeApprovers(approvers: Approvers, org: string): string {
  const parts = [
    ...approvers.users.map((u) => `@${u}`),
    ...approvers.teams.map(
      (t) => `members of @${t.includes("/") ? t : `${org}/${t}`}`,
    ),
    ...approvers.roles.map((r) => `anyone with ${r} access or more`),
  ];
  const who = parts.length > 0 ? parts.join(", ") : "nobody";
  return approvers.allowRequester ? `${who} (the requester too)` : who;
}
