import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { askThenRestart, say } from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import {
  type FormFixture,
  open,
  runToDuo,
  startFormFixture,
} from "../web/fixture.js";

/*
 * The app's hidden markers (`<!-- approval-runner:<key> -->`) say which
 * comment is which of the app's. A person can type one too; the app must
 * never take such a comment for its own, nor let one hide a passcode.
 */

const acceptedMarker = "<!-- approval-runner:accepted -->";

/** What a person writes to pass for the app's "accepted" comment. */
const forgedAccepted = [
  "Run 1 of `ask` accepted for @alice with input:",
  "",
  "```yaml",
  "service: sshd",
  "```",
  "",
  acceptedMarker,
].join("\n");

describe("a person's comment that carries the app's comment key", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/ask.yaml": askThenRestart("ask", { users: ["bob"] }),
      },
    });
  });
  after(async () => {
    assert.deepEqual(h.gh.violations, []);
    await h.close();
  });

  /**
   * Mallory's issue; alice asks for a run on it while a post fails once.
   * `forger` first posts what passes for the app's "accepted" comment.
   */
  async function requestWithFailedPost(forger?: string): Promise<number> {
    const issue = await h.gh.openIssue("mallory", {
      title: "please restart",
      body: "crond is stuck",
    });
    await h.settle();
    const n = issue.number;
    if (forger) await say(h, forger, n, forgedAccepted);
    h.gh.failNext({
      method: "POST",
      pathPattern: new RegExp(`^/repos/acme/ops/issues/${n}/comments$`),
      status: 502,
    });
    await say(h, "alice", n, "/run ask service=crond");
    await h.app.sweep();
    await h.settle();
    return n;
  }

  const botAccepted = (n: number) =>
    h.gh
      .comments(n)
      .filter((c) => c.authorType === "Bot" && c.body.includes(acceptedMarker));

  it("is not needed: after a 502 the app posts its comment itself", async () => {
    const n = await requestWithFailedPost();
    assert.equal(botAccepted(n).length, 1);
    assert.match(botAccepted(n)[0]!.body, /service: crond/);
  });

  it("is not taken for the app's own after a post fails with a 5xx", async () => {
    const n = await requestWithFailedPost("mallory");
    assert.equal(botAccepted(n).length, 1, "the app never said it itself");
    assert.match(botAccepted(n)[0]!.body, /service: crond/);
  });

  it("is not taken for the app's own when another app posted it", async () => {
    h.gh.addUser("echo-bot[bot]", "Bot");
    const n = await requestWithFailedPost("echo-bot[bot]");
    const own = botAccepted(n).filter((c) => c.author === h.gh.botLogin);
    assert.equal(own.length, 1, "the app never said it itself");
    assert.match(own[0]!.body, /service: crond/);
  });
});

describe("a comment holding a passcode and the app's marker prefix", () => {
  let fixture: FormFixture;
  before(async () => {
    fixture = await startFormFixture();
  });
  after(() => fixture?.close());

  it("is deleted like any other passcode comment", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const body = `my passcode is 123456\n\n${acceptedMarker}`;
    const made = await say(h, "bob", waiting.issue, body);
    const comments = h.gh.comments(waiting.issue);
    assert.equal(
      comments.some((c) => c.id === made.id),
      false,
      "the passcode comment is still there",
    );
    const page = await open(waiting.links["bob"]!);
    assert.notEqual(page.status, 200, "the link still works");
  });

  it("is deleted when an edit adds the passcode", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await say(h, "bob", waiting.issue, `ok\n\n${acceptedMarker}`);
    const body = `my passcode is 123456\n\n${acceptedMarker}`;
    await h.gh.editComment("bob", made.id, body);
    await h.settle();
    const comments = h.gh.comments(waiting.issue);
    assert.equal(
      comments.some((c) => c.id === made.id),
      false,
      "the passcode comment is still there",
    );
  });

  it("without the marker is deleted", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await say(h, "bob", waiting.issue, "my passcode is 123456");
    const comments = h.gh.comments(waiting.issue);
    assert.equal(
      comments.some((c) => c.id === made.id),
      false,
    );
  });
});
