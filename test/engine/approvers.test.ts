import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  approversOf,
  describeApprovers,
  mayAnswer,
  type Person,
} from "../../src/engine/approvers.js";
import type { Octokit } from "../../src/github/octokit.js";

/** Only what mayAnswer calls: team pages and a permission lookup. */
function fakeOctokit(
  teams: Record<string, number[]>,
  roles: Record<string, string>,
) {
  const notFound = Object.assign(new Error("Not Found"), { status: 404 });
  const octokit = {
    paginate: async (_: unknown, params: { team_slug: string }) => {
      const ids = teams[params.team_slug];
      if (!ids) throw notFound;
      return ids.map((id) => ({ id }));
    },
    rest: {
      teams: { listMembersInOrg: {} },
      repos: {
        getCollaboratorPermissionLevel: async (p: { username: string }) => {
          const role = roles[p.username.toLowerCase()];
          if (!role) throw notFound;
          return { data: { role_name: role, permission: role, user: null } };
        },
      },
    },
  };
  return octokit as unknown as Octokit;
}

const issue = { owner: "acme", repo: "ops", issueNumber: 1 };
const bob: Person = { id: 2, login: "bob", type: "User" };
const alice: Person = { id: 1, login: "alice", type: "User" };
const bot: Person = { id: 9, login: "helper-bot[bot]", type: "Bot" };
const carol: Person = { id: 3, login: "Carol", type: "User" };

function check(input: Record<string, unknown>, allowSelf = false) {
  return {
    octokit: fakeOctokit({ ops: [3] }, { bob: "write", carol: "maintain" }),
    issue,
    approvers: approversOf(input, { allowSelfApproval: allowSelf }),
    requesterId: alice.id,
  };
}

describe("whether a person may answer", () => {
  const cases = [
    { name: "a listed user", input: { users: ["bob"] }, who: bob, may: true },
    {
      name: "a listed user in another case",
      input: { users: ["BOB"] },
      who: bob,
      may: true,
    },
    {
      name: "a user listed nowhere",
      input: { users: ["dave"] },
      who: bob,
      may: false,
    },
    {
      name: "a bot, even listed",
      input: { users: ["helper-bot[bot]"] },
      who: bot,
      may: false,
    },
    {
      name: "the requester, even listed",
      input: { users: ["alice"] },
      who: alice,
      may: false,
    },
    {
      name: "the requester when the workflow allows but the operator does not",
      input: { users: ["alice"], allow_requester: true },
      who: alice,
      may: false,
    },
    {
      name: "a team member, by id",
      input: { teams: ["ops"] },
      who: carol,
      may: true,
    },
    {
      name: "someone of an unknown team",
      input: { teams: ["ghosts"] },
      who: carol,
      may: false,
    },
    {
      name: "a role at the level named",
      input: { roles: ["maintain"] },
      who: carol,
      may: true,
    },
    {
      name: "a role below the level named",
      input: { roles: ["maintain"] },
      who: bob,
      may: false,
    },
    {
      name: "a role above the lowest named",
      input: { roles: ["triage", "admin"] },
      who: bob,
      may: true,
    },
  ];
  for (const c of cases) {
    it(`${c.may ? "allows" : "refuses"} ${c.name}`, async () => {
      assert.equal(await mayAnswer(check(c.input), c.who), c.may);
    });
  }

  it("allows the requester when both workflow and operator allow it", async () => {
    const input = { users: ["alice"], allow_requester: true };
    assert.equal(await mayAnswer(check(input, true), alice), true);
  });
});

describe("who may answer, in words", () => {
  it("names users, teams with their organization, roles, and the requester", () => {
    const approvers = approversOf(
      {
        users: ["bob"],
        teams: ["ops", "other/sre"],
        roles: ["maintain"],
        allow_requester: true,
      },
      { allowSelfApproval: true },
    );
    assert.equal(
      describeApprovers(approvers, "acme"),
      "@bob, members of @acme/ops, members of @other/sre, anyone with maintain access or more (the requester too)",
    );
  });
});
