import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { kindOf } from "../../src/cli/audit-events.js";
import { parseSince } from "../../src/cli/since.js";
import { isAppError } from "../../src/errors.js";
import { type CliStack, startCliStack } from "./fixture.js";

interface Event {
  at: string;
  issue: number;
  run: number;
  kind: string;
  actor?: string;
  status?: string;
  text?: string;
}

describe("approval-runner audit export, against the sandbox", () => {
  let s: CliStack;
  before(async () => {
    s = await startCliStack();
    const { gh } = s.stack;
    await gh.openIssue("alice", {
      title: "restart",
      body: "/run service_restart_v2 service=crond host=web-1",
    });
    await gh.openIssue("alice", {
      title: "rotate",
      body: "/run rotate_key host=web-2",
    });
    await gh.openIssue("alice", { title: "chat", body: "not a request" });
    await s.stack.settle();
    await gh.comment("bob", 1, "/approved");
    await s.stack.settle();
  });
  after(() => s?.close());

  async function exported(args: string[] = []): Promise<Event[]> {
    const { code, stdout } = await s.cli("carol", ["audit", "export", ...args]);
    assert.equal(code, 0);
    return stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  it("prints every event of every run, one JSON line each, in order", async () => {
    const events = await exported();
    const first = events.filter((e) => e.issue === 1);

    assert.deepEqual(
      first.map((e) => [e.kind, e.actor ?? null]),
      [
        ["requested", "alice"],
        ["accepted", "approval-runner[bot]"],
        ["inquiry", "approval-runner[bot]"],
        ["comment", "bob"],
        ["answer", "approval-runner[bot]"],
        ["action", "approval-runner[bot]"],
        ["finished", "approval-runner[bot]"],
        ["closed", null],
      ],
    );
    assert.equal(first.at(-1)?.status, "succeeded");
    assert.deepEqual([...new Set(events.map((e) => e.issue))], [1, 2]);
    assert.ok(events.every((e) => !e.text?.includes("<!--")));
    const times = first.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
  });

  it("leaves out what happened before --since", async () => {
    assert.deepEqual(await exported(["--since", "2999-01-01"]), []);
    const all = await exported();
    assert.equal((await exported(["--since", "1d"])).length, all.length);
  });

  it("refuses a --since it cannot read", async () => {
    const result = await s.cli("carol", ["audit", "export", "--since", "soon"]);
    assert.match(result.stderr, /^error AR_CLI_OPTION: /);
  });
});

describe("--since", () => {
  const now = Date.parse("2026-12-04T12:00:00Z");
  const cases: [string, string][] = [
    ["2026-12-01", "2026-12-01T00:00:00.000Z"],
    ["2026-12-01T09:30:00Z", "2026-12-01T09:30:00.000Z"],
    ["2026-12-01T09:30+01:00", "2026-12-01T08:30:00.000Z"],
    ["90m", "2026-12-04T10:30:00.000Z"],
    ["24h", "2026-12-03T12:00:00.000Z"],
    ["7d", "2026-11-27T12:00:00.000Z"],
    ["2w", "2026-11-20T12:00:00.000Z"],
    ["0d", "2026-12-04T12:00:00.000Z"],
    ["36525d", "1926-12-04T12:00:00.000Z"],
    ["5200w", "1927-04-08T12:00:00.000Z"],
  ];
  for (const [given, expected] of cases) {
    it(`reads ${given}`, () => assert.equal(parseSince(given, now), expected));
  }
  const bads = [
    "",
    "yesterday",
    "7",
    "7y",
    "2026-13-01",
    "1e3d",
    "36526d",
    "5219w",
    "876601h",
    "99999999d",
    "999999999d",
    "99999999999999999999999m",
    "-7d",
    "7.5d",
  ];
  for (const bad of bads) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseSince(bad, now),
        (err) => isAppError(err, "AR_CLI_OPTION"),
      );
    });
  }
});

describe("the kind of an app comment", () => {
  const cases: [string, string][] = [
    ["accepted", "accepted"],
    ["step-4/inquiry", "inquiry"],
    ["step-5/duo-link-12-1", "factor-link"],
    ["step-6/ssh", "action"],
    ["answer-300005", "answer"],
    ["refused-3f1c9a", "refused"],
    ["finished", "finished"],
    ["step-4/something-new", "app"],
  ];
  for (const [key, kind] of cases) {
    it(`reads ${key} as ${kind}`, () => assert.equal(kindOf(key), kind));
  }
});
