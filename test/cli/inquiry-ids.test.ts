import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ExecutionRef,
  type InquiryRef,
  parseExecutionId,
  parseInquiryId,
} from "../../src/cli/ids.js";
import { isAppError } from "../../src/errors.js";

describe("an inquiry id", () => {
  const cases: [string, InquiryRef][] = [
    [
      "acme/ops#12/approval",
      { kind: "task", repo: "acme/ops", issue: 12, task: "approval" },
    ],
    ["#12/approval", { kind: "task", issue: 12, task: "approval" }],
    ["12/second_factor", { kind: "task", issue: 12, task: "second_factor" }],
    [
      "my-org/run.books#3/ask-1",
      { kind: "task", repo: "my-org/run.books", issue: 3, task: "ask-1" },
    ],
    ["300004", { kind: "comment", commentId: 300004 }],
    [
      "9007199254740991",
      { kind: "comment", commentId: Number.MAX_SAFE_INTEGER },
    ],
  ];
  for (const [given, expected] of cases) {
    it(`reads ${given}`, () =>
      assert.deepEqual(parseInquiryId(given), expected));
  }
  for (const bad of [
    "",
    "approval",
    "acme/ops#x/approval",
    "acme/ops/12/a",
    "#12/",
    "0",
    "#0/approval",
    "9007199254740992",
    "99999999999999999999",
    "acme/ops#9007199254740992/approval",
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseInquiryId(bad),
        (err) => isAppError(err, "AR_CLI_OPTION"),
      );
    });
  }
});

describe("an execution id", () => {
  const cases: [string, ExecutionRef][] = [
    ["12", { issue: 12 }],
    ["#12", { issue: 12 }],
    ["acme/ops#12", { repo: "acme/ops", issue: 12 }],
    ["https://github.com/acme/ops/issues/12", { repo: "acme/ops", issue: 12 }],
    [
      "http://127.0.0.1:4000/acme/ops/issues/7/",
      { repo: "acme/ops", issue: 7 },
    ],
    ["#9007199254740991", { issue: Number.MAX_SAFE_INTEGER }],
  ];
  for (const [given, expected] of cases) {
    it(`reads ${given}`, () =>
      assert.deepEqual(parseExecutionId(given), expected));
  }
  for (const bad of [
    "",
    "twelve",
    "acme/ops#",
    "https://github.com/acme/ops/pull/12",
    "0",
    "#9007199254740992",
    "acme/ops#99999999999999999999999",
    "https://github.com/acme/ops/issues/99999999999999999999",
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseExecutionId(bad),
        (err) => isAppError(err, "AR_CLI_OPTION"),
      );
    });
  }
});
