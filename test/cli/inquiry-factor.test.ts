import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { submitPasscode } from "../../src/duo/plugin.js";
import { type CliStack, startCliStack } from "./fixture.js";

const passcode = "527140";

describe("approval-runner inquiry, with a Duo factor after the approval", () => {
  let s: CliStack;
  before(async () => {
    s = await startCliStack({
      duo: { bob: { status: "auth", passcodes: [passcode], push: "deny" } },
    });
    await s.stack.gh.openIssue("alice", {
      title: "restart",
      body: "/run service_restart_v3 service=crond host=web-1",
    });
    await s.stack.settle();
  });
  after(() => s?.close());

  it("lists the factor as waiting once bob approved from the CLI", async () => {
    const answered = await s.cli("bob", [
      "inquiry",
      "respond",
      "1/approval",
      "-r",
      "decision: approve",
    ]);
    await s.stack.settle();
    const { stdout } = await s.cli("bob", ["inquiry", "list", "--json"]);
    const rows = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

    assert.equal(answered.code, 0);
    assert.deepEqual(
      rows.map((r) => [r.id, r.kind, r.open]),
      [["acme/ops#1/second_factor", "factor", true]],
    );
  });

  it("refuses to answer the factor by comment", async () => {
    const before = s.stack.gh.comments(1).length;
    const result = await s.cli("bob", [
      "inquiry",
      "respond",
      "1/second_factor",
      "-r",
      `passcode: "${passcode}"`,
    ]);

    assert.match(result.stderr, /^error AR_CLI_INQUIRY_FACTOR: /);
    assert.equal(s.stack.gh.comments(1).length, before);
  });

  it("shows every inquiry of the run as answered once bob confirmed on the form", async () => {
    const link = /https?:\/\/\S+\/duo\/[\w-]{43}/.exec(
      s.stack.gh
        .comments(1)
        .map((c) => c.body)
        .join("\n"),
    )![0];
    await submitPasscode(link, passcode);
    await s.stack.settle();
    const { stdout } = await s.cli("carol", [
      "inquiry",
      "list",
      "--all",
      "--json",
    ]);
    const rows = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

    assert.deepEqual(
      rows.map((r) => [r.task, r.kind, r.status, r.open]),
      [
        ["approval", "ask", "succeeded", false],
        ["second_factor", "factor", "succeeded", false],
      ],
    );
  });
});
