import { randomInt } from "node:crypto";
import type { DuoUser } from "../../standins/duo/server.js";

/** Someone the page lets you act as. */
export interface Person {
  login: string;
  role: string;
}

/** The seed repository's people (the stack adds them to the stand-in). */
export const people: Person[] = [
  { login: "alice", role: "requester" },
  { login: "bob", role: "approver (named in the seed runbooks, ops team)" },
  { login: "carol", role: "ops team member" },
  { login: "helper-bot[bot]", role: "a bot: its replies never count" },
];

/** People with a Duo account in the playground's Duo stand-in. */
export const duoPeople = ["bob", "carol"];

/** Fresh six-digit passcodes for each Duo user; each works once. */
export function makePasscodes(count = 5): Record<string, string[]> {
  const code = () => String(randomInt(0, 1_000_000)).padStart(6, "0");
  return Object.fromEntries(
    duoPeople.map((login) => [login, Array.from({ length: count }, code)]),
  );
}

/** The Duo stand-in's users: enrolled, with those passcodes. */
export function duoUsers(
  passcodes: Record<string, string[]>,
): Record<string, DuoUser> {
  return Object.fromEntries(
    Object.entries(passcodes).map(([login, codes]) => [
      login,
      { status: "auth", passcodes: codes, push: "allow" } as DuoUser,
    ]),
  );
}
