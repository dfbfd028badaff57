import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { looksLikePasscode } from "../../src/duo/leak.js";
import {
  type FormFixture,
  open,
  runToDuo,
  startFormFixture,
  stateOf,
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

  it("is deleted like a new one", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await h.gh.comment("bob", waiting.issue, "on it");
    await h.settle();
    await h.gh.editComment("bob", made.id, "passcode: 123456");
    await h.settle();
    const comments = h.gh.comments(waiting.issue);
    assert.equal(
      comments.some((c) => c.id === made.id),
      false,
    );
    assert.equal(
      comments.some((c) => c.body.includes("123456")),
      false,
    );
    assert.ok(
      comments.some((c) => c.body.includes("looked like a Duo passcode")),
    );
    const page = await open(waiting.links["bob"]!);
    assert.equal(stateOf(page.html)["code"], "AR_FORM_REPLACED");
  });

  it("is kept when the edit holds no passcode", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await h.gh.comment("bob", waiting.issue, "on it");
    await h.settle();
    await h.gh.editComment("bob", made.id, "on it, see #123456");
    await h.settle();
    const comments = h.gh.comments(waiting.issue);
    assert.ok(comments.some((c) => c.id === made.id));
    const page = await open(waiting.links["bob"]!);
    assert.equal(page.status, 200);
  });

  it("asks for nothing when edited to /duo", async () => {
    const { h } = fixture;
    const waiting = await runToDuo(fixture, "v3");
    const made = await h.gh.comment("bob", waiting.issue, "on it");
    await h.settle();
    const before = h.gh.comments(waiting.issue).length;
    await h.gh.editComment("bob", made.id, "/duo");
    await h.settle();
    assert.equal(h.gh.comments(waiting.issue).length, before);
  });
});
