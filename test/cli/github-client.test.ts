import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { connect } from "../../src/cli/github-client.js";
import { gitHubError } from "../../src/cli/github-error.js";
import { isAppError } from "../../src/errors.js";
import { runCli } from "./fixture.js";

const token = "ghp_clientclientclientclientclient0000";

function io() {
  return {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: { GITHUB_REPOSITORY: "acme/ops", GITHUB_TOKEN: token },
  };
}

describe("the --api-url the CLI takes", () => {
  const cases: Array<[string, boolean]> = [
    ["https://api.github.com", true],
    ["https://github.example.com/api/v3/", true],
    ["http://127.0.0.1:8080/api/v3", true],
    ["not-a-url", false],
    ["api.github.com", false],
    ["ftp://api.github.com", false],
    ["file:///etc/passwd", false],
    ["https://me:ghp_secret@api.github.com", false],
    ["", false],
  ];
  for (const [apiUrl, accepted] of cases) {
    it(`${accepted ? "takes" : "refuses"} ${JSON.stringify(apiUrl)}`, () => {
      const call = () => connect({ apiUrl }, io());
      if (accepted) assert.doesNotThrow(call);
      else assert.throws(call, (err) => isAppError(err, "AR_CLI_OPTION"));
    });
  }

  it("never shows the credentials of a URL it refuses", () => {
    const apiUrl = "https://me:ghp_secret@api.github.com";
    assert.throws(
      () => connect({ apiUrl }, io()),
      (err: Error) => !err.message.includes("ghp_secret"),
    );
  });
});

describe("a failed GitHub call, as the CLI reports it", () => {
  const answered = (status: number) =>
    Object.assign(new Error("x"), { status, response: { status } });
  const unanswered = Object.assign(new Error("connect ECONNREFUSED"), {
    status: 500,
    request: { url: "http://127.0.0.1:9/api/v3/repos/a/b/issues?page=2" },
  });
  const cases: Array<[string, unknown, RegExp]> = [
    ["a real 500", answered(500), /answered HTTP 500 .*Try again/],
    ["a 502", answered(502), /answered HTTP 502 /],
    ["a 401", answered(401), /HTTP 401 .*--token/],
    ["a 404", answered(404), /HTTP 404 .*--repo/],
    [
      "a fetch that failed",
      unanswered,
      /http:\/\/127\.0\.0\.1:9 could not be reached .*ECONNREFUSED.*--api-url/,
    ],
    ["an error with no status", new Error("boom"), /boom.*--api-url/],
  ];
  for (const [name, err, shown] of cases) {
    it(`names ${name} for what it is`, () => {
      const made = gitHubError("listing issues", err);
      assert.ok(isAppError(made, "AR_CLI_GITHUB"));
      assert.match(made.message, shown);
    });
  }

  it("shows no path or query of the address it could not reach", () => {
    const made = gitHubError("listing issues", unanswered);
    assert.doesNotMatch(made.message, /repos|page=/);
  });
});

describe("the CLI against a GitHub that answers HTTP 500", () => {
  let server: Server;
  let apiUrl: string;
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Server Error" }));
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as { port: number };
    apiUrl = `http://127.0.0.1:${port}/api/v3`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("says GitHub answered HTTP 500", async () => {
    const { code, stderr } = await runCli(
      ["inquiry", "list"],
      {},
      {
        GITHUB_API_URL: apiUrl,
        GITHUB_REPOSITORY: "acme/ops",
        GITHUB_TOKEN: token,
      },
    );
    assert.equal(code, 1);
    assert.match(stderr, /^error AR_CLI_GITHUB: GitHub answered HTTP 500 /);
  });
});
