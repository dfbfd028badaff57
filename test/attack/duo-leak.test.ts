import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { looksLikePasscode } from "../../src/duo/leak.js";
import {
  type FormFixture,
  runToDuo,
  startFormFixture,
} from "../web/fixture.js";

/** Ways people write a passcode into a comment, each plainly one. */
const missed = [
  "my passcode is 123456",
  "here it is: 123456",
  "code is 123456",
  "duo passcode was 123456",
  "123456.",
  "123456 thanks",
  "**123456**",
  "pin 123456",
];

describe("a comment that holds a Duo passcode in everyday words", () => {
  for (const body of missed) {
    it(`is seen as a leak: ${JSON.stringify(body)}`, () => {
      assert.equal(looksLikePasscode(body), true);
    });
  }
});

describe("a comment edited to hold a passcode while Duo waits", () => {
  let fixture: FormFixture;
  before(async () => {
    fixture = await startFormFixture();
  });
  after(() => fixture?.close());

  it("is deleted like a new one", {
    todo: "defect: only issue_comment.created reaches handleFactorComment; the edited handler (src/github/handlers/issue-comment-changed.ts) looks at recorded answers only",
  }, async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await h.gh.comment("bob", waiting.issue, "on it");
    await h.settle();
    await h.gh.editComment("bob", made.id, "passcode: 123456");
    await h.settle();
    const still = h.gh
      .comments(waiting.issue)
      .some((c) => c.body.includes("123456"));
    assert.equal(still, false);
  });
});
