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

  /** Mallory's issue; alice asks for a run on it while a post fails once. */
  async function requestWithFailedPost(forge: boolean): Promise<number> {
    const issue = await h.gh.openIssue("mallory", {
      title: "please restart",
      body: "crond is stuck",
    });
    await h.settle();
    const n = issue.number;
    if (forge) await say(h, "mallory", n, forgedAccepted);
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
    const n = await requestWithFailedPost(false);
    assert.equal(botAccepted(n).length, 1);
    assert.match(botAccepted(n)[0]!.body, /service: crond/);
  });

  it("is not taken for the app's own after a post fails with a 5xx", {
    todo: "Thread.findComment looks for the key in every comment, not only the bot's (postedKeys checks the author, findComment does not): a person's comment holding the key is adopted, so the app's record of the request and its input is never posted and the thread shows only the forged input",
  }, async () => {
    const n = await requestWithFailedPost(true);
    assert.equal(botAccepted(n).length, 1, "the app never said it itself");
    assert.match(botAccepted(n)[0]!.body, /service: crond/);
  });
});

describe("a comment holding a passcode and the app's marker prefix", () => {
  let fixture: FormFixture;
  before(async () => {
    fixture = await startFormFixture();
  });
  after(() => fixture?.close());

  it("is deleted like any other passcode comment", {
    todo: "onIssueCommentCreated drops every comment that holds `<!-- approval-runner:` before the leak check, so a passcode next to a copied marker stays in the thread and the link is not revoked",
  }, async () => {
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
