import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fingerprintOf, isSameFingerprint } from "../../src/ssh/fingerprint.js";

describe("fingerprintOf", () => {
  it("prints a key's fingerprint exactly as ssh-keygen -lf does", () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-fp-"));
    const file = join(dir, "key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);
    const blob = readFileSync(`${file}.pub`, "utf8").split(" ")[1]!;
    const printed = execFileSync("ssh-keygen", ["-lf", `${file}.pub`]);
    rmSync(dir, { recursive: true });
    const expected = printed.toString("utf8").split(" ")[1];
    assert.equal(fingerprintOf(Buffer.from(blob, "base64")), expected);
  });

  it("leaves out base64 padding", () => {
    assert.doesNotMatch(fingerprintOf(Buffer.from("key")), /=/);
  });
});

describe("isSameFingerprint", () => {
  const pinned = fingerprintOf(Buffer.from("host key"));
  const cases: Array<[string, string, boolean]> = [
    ["the same fingerprint", pinned, true],
    ["another key's fingerprint", fingerprintOf(Buffer.from("other")), false],
    ["a prefix of it", pinned.slice(0, 20), false],
    ["an empty string", "", false],
    ["it in other case", pinned.toLowerCase(), false],
  ];
  for (const [name, presented, same] of cases) {
    it(`${same ? "accepts" : "refuses"} ${name}`, () => {
      assert.equal(isSameFingerprint(presented, pinned), same);
    });
  }
});
