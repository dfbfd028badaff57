import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  checkFactorCsrf,
  claimFactorToken,
  factorLinkTtlMs,
  factorTokenStatus,
  findFactorToken,
  issueFactorToken,
  maxFactorFailures,
  releaseFactorToken,
  renewFactorCsrf,
  spendFactorToken,
  strikeFactorToken,
} from "../../src/store/factor-tokens.js";
import { Store } from "../../src/store/store.js";

const bob = { runId: 1, stepId: 2, userId: 101, login: "bob" };
const carol = { runId: 1, stepId: 2, userId: 102, login: "carol" };

describe("factor tokens", () => {
  let dir: string;
  let store: Store;
  let clock: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ar-tokens-"));
    clock = Date.parse("2026-12-04T12:00:00Z");
    store = new Store(join(dir, "store.db"), () => clock);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("when issued", () => {
    it("is 256 random bits in base64url, different every time", () => {
      const one = issueFactorToken(store, bob).token;
      const two = issueFactorToken(store, carol).token;
      assert.match(one, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(one, "base64url").length, 32);
      assert.notEqual(one, two);
    });

    it("is stored as its sha256 and bound to run, step and user id", () => {
      const { token } = issueFactorToken(store, bob);
      const hash = createHash("sha256").update(token).digest("hex");
      const row = store.db
        .prepare("select * from factor_tokens")
        .get() as Record<string, unknown>;
      assert.equal(row["hash"], hash);
      assert.equal(JSON.stringify(row).includes(token), false);
      const found = findFactorToken(store, token)!;
      assert.deepEqual(
        [found.runId, found.stepId, found.userId, found.login],
        [1, 2, 101, "bob"],
      );
    });

    it("finds nothing for a token it never issued", () => {
      issueFactorToken(store, bob);
      assert.equal(findFactorToken(store, "A".repeat(43)), undefined);
    });

    it("revokes the same person's earlier link, and only theirs", () => {
      const first = issueFactorToken(store, bob);
      const other = issueFactorToken(store, carol);
      const second = issueFactorToken(store, bob);
      assert.equal(second.generation, 2);
      assert.equal(findFactorToken(store, first.token)!.state, "revoked");
      assert.equal(findFactorToken(store, second.token)!.state, "live");
      assert.equal(findFactorToken(store, other.token)!.state, "live");
    });
  });

  describe("expiry", () => {
    it("lasts ten minutes by default, then cannot be claimed", () => {
      const { token, hash } = issueFactorToken(store, bob);
      assert.equal(factorLinkTtlMs, 10 * 60_000);
      clock += factorLinkTtlMs - 1;
      const live = findFactorToken(store, token)!;
      assert.equal(factorTokenStatus(live, clock), "live");
      clock += 1;
      assert.equal(factorTokenStatus(live, clock), "expired");
      assert.equal(claimFactorToken(store, hash), false);
    });

    it("keeps a used link used after its time", () => {
      const { token, hash } = issueFactorToken(store, bob);
      claimFactorToken(store, hash);
      spendFactorToken(store, hash);
      clock += factorLinkTtlMs * 2;
      const used = findFactorToken(store, token)!;
      assert.equal(factorTokenStatus(used, clock), "used");
    });
  });

  describe("use", () => {
    it("is single-use: once spent it cannot be claimed again", () => {
      const { token, hash } = issueFactorToken(store, bob);
      assert.equal(claimFactorToken(store, hash), true);
      assert.equal(claimFactorToken(store, hash), false, "busy while checked");
      assert.equal(spendFactorToken(store, hash), true);
      assert.equal(claimFactorToken(store, hash), false);
      assert.equal(findFactorToken(store, token)!.state, "used");
    });

    it("goes back to live, with no failure counted, when released", () => {
      const { token, hash } = issueFactorToken(store, bob);
      claimFactorToken(store, hash);
      assert.equal(releaseFactorToken(store, hash), true);
      const after = findFactorToken(store, token)!;
      assert.deepEqual([after.state, after.failures], ["live", 0]);
    });

    it(`dies at the ${maxFactorFailures}th refusal`, () => {
      const { token, hash } = issueFactorToken(store, bob);
      const strikes = [];
      for (let i = 0; i < maxFactorFailures; i += 1) {
        assert.equal(claimFactorToken(store, hash), true);
        strikes.push(strikeFactorToken(store, hash));
      }
      assert.deepEqual(
        strikes.map((s) => s.dead),
        [false, false, false, false, true],
      );
      assert.equal(strikes.at(-1)!.failures, 5);
      assert.equal(findFactorToken(store, token)!.state, "dead");
      assert.equal(claimFactorToken(store, hash), false);
    });

    it("counts no strike on a link that was not claimed", () => {
      const { token, hash } = issueFactorToken(store, bob);
      assert.deepEqual(strikeFactorToken(store, hash), {
        failures: 0,
        dead: false,
      });
      assert.equal(findFactorToken(store, token)!.failures, 0);
    });
  });

  describe("CSRF value", () => {
    it("matches only when field and cookie both carry the latest value", () => {
      const { token, hash } = issueFactorToken(store, bob);
      assert.equal(
        checkFactorCsrf(findFactorToken(store, token)!, "x", "x"),
        false,
        "nothing matches before the form was served",
      );
      const old = renewFactorCsrf(store, hash);
      const csrf = renewFactorCsrf(store, hash);
      const record = findFactorToken(store, token)!;
      assert.equal(checkFactorCsrf(record, csrf, csrf), true);
      assert.equal(checkFactorCsrf(record, old, old), false);
      assert.equal(checkFactorCsrf(record, csrf, old), false);
      assert.equal(checkFactorCsrf(record, csrf, undefined), false);
      assert.equal(checkFactorCsrf(record, undefined, csrf), false);
      assert.notEqual(record.csrfHash, csrf);
    });
  });

  it("leaves no token or CSRF value in the database file", () => {
    const { token, hash } = issueFactorToken(store, bob);
    const csrf = renewFactorCsrf(store, hash);
    store.close();
    const files = ["store.db", "store.db-wal"].map((f) => join(dir, f));
    const bytes = files
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString("latin1"))
      .join("");
    assert.ok(bytes.includes(hash), "the hash is there");
    assert.equal(bytes.includes(token), false);
    assert.equal(bytes.includes(csrf), false);
    store = new Store(join(dir, "store.db"), () => clock);
  });
});
