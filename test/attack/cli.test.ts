import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { parseExecutionId, parseInquiryId } from "../../src/cli/ids.js";
import { parseSince } from "../../src/cli/since.js";
import { isAppError } from "../../src/errors.js";
import { runCli } from "../cli/fixture.js";

/** A loopback address where nothing listens: bound, then closed. */
async function closedApiUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/v3`;
}

const env = (apiUrl: string) => ({
  GITHUB_API_URL: apiUrl,
  GITHUB_REPOSITORY: "acme/ops",
  GITHUB_TOKEN: "ghp_attackattackattackattackattack0000",
});

describe("the CLI against a GitHub it cannot reach", () => {
  it("says it could not reach the address, not that GitHub answered HTTP 500", async () => {
    const { code, stderr } = await runCli(
      ["inquiry", "list"],
      {},
      env(await closedApiUrl()),
    );
    assert.equal(code, 1);
    assert.match(stderr, /^error AR_CLI_GITHUB: /);
    assert.doesNotMatch(stderr, /answered HTTP 500/);
    assert.match(stderr, /http:\/\/127\.0\.0\.1:\d+ could not be reached/);
    assert.match(stderr, /--api-url/);
  });

  it("says an --api-url that is no URL is not one", async () => {
    const { code, stderr } = await runCli(
      ["inquiry", "list"],
      {},
      env("not-a-url"),
    );
    assert.equal(code, 1);
    assert.doesNotMatch(stderr, /answered HTTP 500/);
    assert.match(stderr, /^error AR_CLI_OPTION: Option --api-url /);
  });
});

describe("audit export --since with an age past what a date can hold", () => {
  it("is refused as a bad --since with its error code", async () => {
    const { code, stderr } = await runCli(
      ["audit", "export", "--since", "999999999d"],
      {},
      env(await closedApiUrl()),
    );
    assert.equal(code, 1);
    assert.match(stderr, /^error AR_CLI_OPTION: Option --since /);
  });

  it("throws the catalog's error from parseSince", () => {
    assert.throws(
      () => parseSince("999999999d"),
      (err: unknown) => isAppError(err, "AR_CLI_OPTION"),
    );
  });
});

describe("ids with more digits than a number holds exactly", () => {
  const cases: Array<[string, () => unknown]> = [
    [
      "execution 99999999999999999999999",
      () => parseExecutionId("99999999999999999999999"),
    ],
    [
      "inquiry comment 99999999999999999999",
      () => parseInquiryId("99999999999999999999"),
    ],
    [
      "inquiry acme/ops#99999999999999999999/approval",
      () => parseInquiryId("acme/ops#99999999999999999999/approval"),
    ],
  ];
  for (const [name, parse] of cases) {
    it(`refuses ${name} as a bad id`, () => {
      assert.throws(parse, (err: unknown) => isAppError(err, "AR_CLI_OPTION"));
    });
  }
});
