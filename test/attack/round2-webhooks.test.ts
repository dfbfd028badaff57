import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { askThenRestart, runOf } from "../engine/run-helpers.js";
import { type Harness, startHarness } from "../support/harness.js";

/** GitHub sends at most 25 MB; a body past that is no webhook of GitHub's. */
const githubMaxBytes = 25 * 1024 * 1024;

describe("webhooks that GitHub did not sign", () => {
  let h: Harness;
  /** The JSON of a real issue_comment.created delivery, as signed. */
  let original: string;
  let n: number;
  before(async () => {
    h = await startHarness({
      workflows: {
        "workflows/ask.yaml": askThenRestart("ask", { users: ["bob"] }),
      },
    });
    const issue = await h.gh.openIssue("alice", {
      title: "restart",
      body: "crond is stuck",
    });
    n = issue.number;
    await h.gh.comment("alice", n, "hello");
    await h.settle();
    const seen = h.gh.deliveries.filter((d) => d.event === "issue_comment");
    original = seen.at(-1)!.payload;
  });
  after(() => h?.close());

  /** The delivered comment turned into a request for a run. */
  function forgedPayload(): Record<string, unknown> {
    const payload = JSON.parse(original) as {
      comment: { id: number; body: string };
    };
    payload.comment.id += 1000;
    payload.comment.body = "/run ask service=crond";
    return payload as unknown as Record<string, unknown>;
  }

  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(h.app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": crypto.randomUUID(),
        ...headers,
      },
      body,
    });
    await res.text();
    await h.settle();
    return res.status;
  }

  const sign = (secret: string, body: string) =>
    `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  const cases: Array<[string, (body: string) => Record<string, string>]> = [
    ["without a signature", () => ({})],
    [
      "signed with another secret",
      (b) => ({ "x-hub-signature-256": sign("guess", b) }),
    ],
    [
      "carrying the signature GitHub made for another body",
      () => ({
        "x-hub-signature-256": sign("stack-webhook-secret", original),
      }),
    ],
    [
      "signed only the old SHA-1 way",
      (b) => ({
        "x-hub-signature": `sha1=${createHmac("sha1", "stack-webhook-secret").update(b).digest("hex")}`,
      }),
    ],
  ];
  for (const [what, headers] of cases) {
    it(`are refused ${what}, and start nothing`, async () => {
      const body = JSON.stringify(forgedPayload());
      const status = await post(body, headers(body));
      assert.ok(status >= 400 && status < 500, `answered ${status}`);
      assert.equal(runOf(h, n), undefined);
    });
  }

  it("start the run when GitHub signs the same payload (the control)", async () => {
    await h.gh.deliver("issue_comment", forgedPayload());
    await h.settle();
    assert.ok(runOf(h, n), "a signed /run started nothing");
  });
});

describe("an unsigned webhook body far past GitHub's largest", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ workflows: {} });
  });
  after(() => h?.close());

  /**
   * Streams up to `total` bytes of a JSON body with a wrong signature and
   * reports how many were taken before the app answered or hung up.
   */
  function stream(total: number): Promise<{ sent: number; answer: string }> {
    const url = new URL(h.app.webhookUrl);
    const socket = connect(Number(url.port), url.hostname);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let answer = "";
    let sent = 0;
    let ended = false;
    return new Promise((resolve) => {
      const finish = () => {
        if (ended) return;
        ended = true;
        socket.destroy();
        resolve({ sent, answer });
      };
      socket.on("data", (d) => {
        answer += String(d);
        finish();
      });
      socket.on("error", finish);
      socket.on("close", finish);
      const head = [
        `POST ${url.pathname} HTTP/1.1`,
        `host: ${url.host}`,
        "content-type: application/json",
        "x-github-event: issue_comment",
        "x-github-delivery: 0b5e7f1a-0000-4000-8000-000000000000",
        `x-hub-signature-256: sha256=${"0".repeat(64)}`,
        `content-length: ${total + 2}`,
        "",
        "",
      ].join("\r\n");
      socket.write(`${head}[`);
      const pump = () => {
        while (!ended && sent < total) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once("drain", pump);
        }
        // All of it was taken and nothing was answered: that is the finding.
        if (!ended) finish();
      };
      socket.once("connect", pump);
    });
  }

  it("is cut off instead of being read whole into memory", async () => {
    const total = 4 * githubMaxBytes;
    const { sent, answer } = await stream(total);
    assert.ok(
      sent < total,
      `the app took all ${sent} bytes of an unsigned body${answer ? "" : " without a word"}`,
    );
  });

  it("keeps serving afterwards", async () => {
    const res = await fetch(`${h.app.url}/nowhere`);
    await res.text();
    assert.equal(res.status, 404);
  });
});
