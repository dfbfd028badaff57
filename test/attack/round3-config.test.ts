import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import {
  loadOperatorConfig,
  parseOperatorConfig,
} from "../../src/config/load.js";
import { isAppError } from "../../src/errors.js";

let dir: string;
let keyFile: string;
const fingerprint = `SHA256:${"A".repeat(43)}`;

function hostYaml(extra = ""): string {
  return `hosts:
  web-1:
    host: 10.0.0.11
    user: deploy
    privateKeyPath: ${keyFile}
    hostKey: ${fingerprint}
${extra}`;
}

function parseText(text: string, env: Record<string, string> = {}) {
  const raw = (parse(text) ?? {}) as Record<string, unknown>;
  return parseOperatorConfig(raw, { path: "/etc/ar/config.yaml", env });
}

/** The error the config throws, or undefined when it is taken. */
function refusal(text: string, env: Record<string, string> = {}) {
  try {
    parseText(text, env);
    return undefined;
  } catch (err) {
    return err;
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "ar-round3-config-"));
  keyFile = join(dir, "id_ed25519");
  writeFileSync(keyFile, "not a real key, only read as text\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("operator config settings of the wrong type or range", () => {
  const table: Array<[string, string]> = [
    ["a port written as a string", hostYaml('    port: "2222"\n')],
    ["a negative port", hostYaml("    port: -5\n")],
    ["maxTtlMinutes written as a string", `${hostYaml()}maxTtlMinutes: "60"\n`],
    [
      "defaultTtlMinutes written as a string",
      `${hostYaml()}defaultTtlMinutes: "60"\n`,
    ],
    [
      "a command timeout of 0 seconds",
      `${hostYaml()}commandTimeoutSeconds: 0\n`,
    ],
    ["a misspelt maxTtlMinutes", `${hostYaml()}maxTTLMinutes: 60\n`],
    [
      "a publicUrl with no scheme",
      `${hostYaml()}publicUrl: approvals.example.com\n`,
    ],
    [
      "importedApprovers teams as a word, not a list",
      `${hostYaml()}importedApprovers:\n  teams: ops\n`,
    ],
    [
      "duo users as a list",
      `${hostYaml()}duo:\n  ikey: DI0\n  host: api-x.duosecurity.com\n  skeyPath: ${"KEYFILE"}\n  users: [bob]\n`,
    ],
  ];
  for (const [what, text] of table) {
    it(`refuse ${what} with AR_CONFIG_INVALID`, () => {
      const err = refusal(text.replace("KEYFILE", keyFile));
      assert.ok(isAppError(err), "the config was taken");
      assert.equal(err.code, "AR_CONFIG_INVALID");
    });
  }
});

describe("an operator config file that is not a map", () => {
  const table: Array<[string, () => string]> = [
    ["a plain sentence", () => "hosts are configured elsewhere\n"],
    ["a list", () => "- web-1\n- web-2\n"],
    [
      "the app's private key (AR_CONFIG set to the wrong file)",
      () =>
        generateKeyPairSync("ed25519", {
          privateKeyEncoding: { type: "pkcs8", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        }).privateKey,
    ],
  ];
  for (const [what, text] of table) {
    it(`is refused when it holds ${what}`, () => {
      const file = join(dir, "config.yaml");
      writeFileSync(file, text());
      assert.throws(
        () => loadOperatorConfig({ AR_CONFIG: file }),
        (err: unknown) => isAppError(err) && err.code === "AR_CONFIG_INVALID",
      );
    });
  }
});

describe("errors about an operator config", () => {
  it("do not quote the line of a YAML syntax error, which may hold a secret", () => {
    const secret = "ghp_R3ndomLookingTokenValue0123456789";
    const file = join(dir, "broken.yaml");
    writeFileSync(file, `${hostYaml()}note: ${secret} : [\n`);
    let message = "";
    try {
      loadOperatorConfig({ AR_CONFIG: file });
    } catch (err) {
      message = (err as Error).message;
    }
    assert.ok(message !== "", "the broken config was taken");
    assert.ok(!message.includes(secret), "the error quotes the secret");
  });

  it("do not echo a secret written where a file path belongs", () => {
    const skey = "Zk9vU2VjcmV0U2tleVZhbHVlMTIzNDU2Nzg5MGFi";
    const text = `${hostYaml()}duo:\n  ikey: DI0\n  host: api-x.duosecurity.com\n  skeyPath: ${skey}\n`;
    const err = refusal(text);
    assert.ok(isAppError(err));
    assert.ok(!err.message.includes(skey), "the error echoes the skey");
  });

  it("name the environment variable that is not set", () => {
    const text = `${hostYaml()}duo:\n  ikey: DI0\n  host: api-x.duosecurity.com\n  skeyEnv: DUO_SKEY_PROD\n`;
    const err = refusal(text);
    assert.ok(isAppError(err));
    assert.equal(err.code, "AR_CONFIG_INVALID");
    assert.match(err.message, /DUO_SKEY_PROD/);
  });
});

describe("operator config checks that hold", () => {
  const table: Array<[string, string]> = [
    [
      "a host key as MD5",
      hostYaml().replace(fingerprint, `MD5:${"ab:".repeat(15)}ab`),
    ],
    [
      "a host key line as ssh-keygen prints it whole",
      hostYaml().replace(
        fingerprint,
        `"256 ${fingerprint} root@web-1 (ED25519)"`,
      ),
    ],
    ["a host with no user", hostYaml().replace("    user: deploy\n", "")],
    ["a localAlias not among the hosts", `${hostYaml()}localAlias: web-9\n`],
    [
      "an unreadable key file",
      hostYaml().replace(
        /privateKeyPath: .*/,
        "privateKeyPath: /nonexistent/key",
      ),
    ],
    ["duo without ikey", `${hostYaml()}duo:\n  host: api-x.duosecurity.com\n`],
  ];
  for (const [what, text] of table) {
    it(`refuse ${what}`, () => {
      const err = refusal(text);
      assert.ok(isAppError(err), "the config was taken");
      assert.equal(err.code, "AR_CONFIG_INVALID");
    });
  }

  it("take the example config's shape", () => {
    const config = parseText(hostYaml(), {});
    assert.equal(config.hosts["web-1"]?.hostKey, fingerprint);
  });
});
