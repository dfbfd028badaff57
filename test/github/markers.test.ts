import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  commentMarker,
  hasStatus,
  readCodes,
  readCommentKey,
  readStateMarker,
  stateMarker,
  statusEnd,
  statusStart,
  stripStatus,
  withCode,
} from "../../src/github/markers.js";

/** A comment as the app posts it: text, then its key on the last line. */
const posted = (text: string, key: string) =>
  `${text}\n\n${commentMarker(key)}`;

describe("a comment's key", () => {
  const cases: [string, string, string | undefined][] = [
    [
      "is read from the last line",
      posted("Run 1 accepted.", "accepted"),
      "accepted",
    ],
    [
      "is read after an error code",
      posted(withCode("No.", "AR_REPLY_INVALID"), "answer-7"),
      "answer-7",
    ],
    ["is read with trailing whitespace", `${posted("a", "k")}\n\n`, "k"],
    ["is read from CRLF lines", posted("a", "k").replaceAll("\n", "\r\n"), "k"],
    [
      "is not read from a code span",
      "`<!-- approval-runner:finished -->` is not expected",
      undefined,
    ],
    ["is not read mid-line", "x <!-- approval-runner:finished -->", undefined],
    [
      "is not read from a line above the last",
      `${commentMarker("finished")}\n\nthanks`,
      undefined,
    ],
    [
      "is not read from a line with more on it",
      `a\n\n${commentMarker("k")} x`,
      undefined,
    ],
    [
      "is the last one when a quoted one stands above",
      posted(commentMarker("finished"), "real"),
      "real",
    ],
    ["is absent from a comment without one", "just words", undefined],
  ];
  for (const [name, body, key] of cases) {
    it(name, () => assert.equal(readCommentKey(body), key));
  }
});

describe("a comment's error codes", () => {
  const cases: [string, string, string[]][] = [
    [
      "are read before the key",
      posted(withCode("No.", "AR_REPLY_INVALID"), "k"),
      ["AR_REPLY_INVALID"],
    ],
    [
      "are read without a key",
      withCode("No.", "AR_INPUT_INVALID"),
      ["AR_INPUT_INVALID"],
    ],
    [
      "are not read from the text above",
      posted("<!-- approval-runner-code:AR_FORGED -->\n\nNo.", "k"),
      [],
    ],
    [
      "are not read mid-line",
      posted("see <!-- approval-runner-code:AR_FORGED -->", "k"),
      [],
    ],
    ["are none in a comment without one", posted("Recorded.", "k"), []],
  ];
  for (const [name, body, codes] of cases) {
    it(name, () => assert.deepEqual(readCodes(body), codes));
  }
});

describe("an issue body's status section", () => {
  const section = (status: string) =>
    [
      statusStart,
      `### Run 1 — ${status}`,
      stateMarker({ status }),
      statusEnd,
    ].join("\n");

  it("is found on lines of its own", () => {
    assert.equal(hasStatus(`/run x\n\n${section("paused")}`), true);
    assert.equal(hasStatus(`/run x \`${statusStart}\``), false);
  });

  it("is the last one: a copy in the request stays in the request", () => {
    const request = `/run x\n\n${section("succeeded")}`;
    const body = `${request}\n\n${section("paused")}`;
    assert.equal(stripStatus(body), request);
    assert.equal(readStateMarker(body)?.["status"], "paused");
  });

  it("leaves a body without one as it is", () => {
    assert.equal(stripStatus("/run x"), "/run x");
    assert.equal(readStateMarker("/run x"), undefined);
  });

  it("holds no state read from the middle of a line", () => {
    const inline = `/run x ${stateMarker({ status: "succeeded" })}`;
    assert.equal(readStateMarker(inline), undefined);
  });
});
