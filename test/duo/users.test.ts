import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { duoUsernameFor } from "../../src/duo/users.js";

describe("Duo username for a GitHub login", () => {
  const config = { users: { bob: "robert.smith", "octo-cat": "oc" } };
  const cases: Array<[string, string]> = [
    ["bob", "robert.smith"],
    ["Bob", "robert.smith"],
    ["Octo-Cat", "oc"],
    ["alice", "alice"],
    ["Alice", "alice"],
    ["constructor", "constructor"],
    ["__proto__", "__proto__"],
  ];
  for (const [login, username] of cases) {
    it(`maps ${login} to ${username}`, () => {
      assert.equal(duoUsernameFor(config, login), username);
    });
  }
});
