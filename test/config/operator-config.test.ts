import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { checkOperatorConfig } from "../../src/config/check.js";
import {
  loadOperatorConfig,
  parseOperatorConfig,
} from "../../src/config/load.js";
import { isAppError } from "../../src/errors.js";

const repoRoot = new URL("../../", import.meta.url).pathname;
const fingerprint = `SHA256:${"A".repeat(43)}`;
const secret = "Zk9vU2VjcmV0U2tleVZhbHVlMTIzNDU2Nzg5MGFi";
let dir: string;
let keyFile: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "ar-operator-config-"));
  keyFile = join(dir, "id_ed25519");
  writeFileSync(keyFile, "a key, only read as text\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** One host, then `extra` lines at the top level. */
function config(host = "", extra = ""): string {
  return `hosts:
  web-1:
    host: 10.0.0.11
    user: deploy
    privateKeyPath: ${keyFile}
    hostKey: ${fingerprint}
${host}${extra}`;
}

function refusal(text: string, env: Record<string, string> = {}): string {
  try {
    parseOperatorConfig(parse(text), { path: "/etc/ar.yaml", env });
  } catch (err) {
    assert.ok(isAppError(err, "AR_CONFIG_INVALID"), String(err));
    return err.message;
  }
  assert.fail("the config was taken");
}

describe("an operator config", () => {
  describe("is refused, naming the key but not the value, when", () => {
    const table: Array<[string, string, string]> = [
      ["a port is a string", config('    port: "2222"\n'), "hosts.web-1.port"],
      ["a port is 0", config("    port: 0\n"), "hosts.web-1.port"],
      ["a port is 65536", config("    port: 65536\n"), "hosts.web-1.port"],
      ["a port has a fraction", config("    port: 22.5\n"), "hosts.web-1.port"],
      [
        "a timeout is 0",
        config("", "commandTimeoutSeconds: 0\n"),
        "commandTimeoutSeconds",
      ],
      ["a ttl cap is 0", config("", "maxTtlMinutes: 0\n"), "maxTtlMinutes"],
      [
        "allowSelfApproval is a string",
        config("", 'allowSelfApproval: "yes"\n'),
        "allowSelfApproval",
      ],
      [
        "publicUrl has no scheme",
        config("", `publicUrl: ${secret}.example.com\n`),
        "publicUrl",
      ],
      [
        "publicUrl holds credentials",
        config("", `publicUrl: https://u:${secret}@example.com\n`),
        "publicUrl",
      ],
      ["a host is a list", config("  web-2: []\n"), "hosts.web-2"],
      ["hosts is a list", "hosts: [web-1]\n", "hosts"],
      [
        "a host key is not a SHA256 fingerprint",
        config().replace(fingerprint, secret),
        "hosts.web-1.hostKey",
      ],
      [
        "a host sets both privateKeyPath and privateKeyEnv",
        config("    privateKeyEnv: AR_KEY\n"),
        "hosts.web-1",
      ],
      [
        "a host sets neither privateKeyPath nor privateKeyEnv",
        config().replace(/ {4}privateKeyPath: .*\n/, ""),
        "hosts.web-1",
      ],
      [
        "importedApprovers lists roles as a word",
        config("", "importedApprovers:\n  roles: admin\n"),
        "importedApprovers.roles",
      ],
      [
        "duo users is a list",
        config("", `duo: { ikey: DI0, host: h, skeyEnv: K, users: [bob] }\n`),
        "duo.users",
      ],
      [
        "a skeyEnv is not a variable name",
        config("", `duo: { ikey: DI0, host: h, skeyEnv: "${secret}==" }\n`),
        "duo.skeyEnv",
      ],
      [
        "the default ttl exceeds the cap",
        config("", "defaultTtlMinutes: 90\nmaxTtlMinutes: 60\n"),
        "defaultTtlMinutes",
      ],
      [
        "a Duo login is listed in two spellings",
        config(
          "",
          "duo: { ikey: D, host: h, skeyEnv: K, users: { Bob: a, bob: b } }\n",
        ),
        "duo.users",
      ],
      [
        "localAlias is not a host",
        config("", "localAlias: web-9\n"),
        "localAlias",
      ],
    ];
    for (const [what, text, key] of table) {
      it(what, () => {
        const message = refusal(text, { K: "k" });
        assert.ok(message.includes(`\`${key}\``), message);
        assert.ok(!message.includes(secret), message);
      });
    }
  });

  it("suggests the nearest known key for a typo", () => {
    const message = refusal(config("    prot: 22\n", "maxTTLMinutes: 60\n"));
    assert.match(message, /`hosts\.web-1\.prot`.*`port`/);
    assert.match(message, /`maxTTLMinutes`.*`maxTtlMinutes`/);
  });

  it("reports every problem at once", () => {
    const text = config('    port: "22"\n', "publicUrl: x\nduo: {}\n");
    const message = refusal(text);
    for (const key of ["hosts.web-1.port", "publicUrl", "duo.ikey"]) {
      assert.ok(message.includes(`\`${key}\``), `${key} in ${message}`);
    }
  });

  it("does not echo a secret pasted where a file path belongs", () => {
    const text = config().replace(keyFile, secret);
    const message = refusal(text);
    assert.match(message, /`hosts\.web-1\.privateKeyPath`/);
    assert.ok(!message.includes(secret), message);
  });

  it("names an unset variable written as a variable name", () => {
    const text = config().replace(/privateKeyPath: .*/, "privateKeyEnv: AR_K");
    assert.match(refusal(text), /\bAR_K\b/);
  });

  it("does not name an unset variable that may be a secret", () => {
    const text = config().replace(
      /privateKeyPath: .*/,
      `privateKeyEnv: ${secret}`,
    );
    const message = refusal(text);
    assert.match(message, /`hosts\.web-1\.privateKeyEnv`/);
    assert.ok(!message.includes(secret), message);
  });

  it("refuses a PUBLIC_URL with no scheme when publicUrl is not set", () => {
    const message = refusal(config(), { PUBLIC_URL: "approvals.example" });
    assert.match(message, /PUBLIC_URL/);
  });

  it("fills in defaults only for settings left out", () => {
    const taken = parseOperatorConfig(parse(config()), {
      path: "/etc/ar.yaml",
      env: {},
    });
    assert.equal(taken.hosts["web-1"]?.port, 22);
    assert.equal(taken.defaultTtlMinutes, 1440);
    assert.equal(taken.commandTimeoutSeconds, 300);
    assert.equal(taken.maxTtlMinutes, undefined);
    assert.equal(taken.allowSelfApproval, false);
  });

  it("reads every setting as written", () => {
    const text = config(
      "    port: 2222\n    passphraseEnv: AR_PASS\n    connectTimeoutMs: 500\n",
      "maxTtlMinutes: 60\ndefaultTtlMinutes: 30\ncommandTimeoutSeconds: 5\n" +
        "duo: { ikey: DI0, host: h.example, skeyEnv: SK, users: { Bob: b } }\n",
    );
    const env = { AR_PASS: "pass", SK: "skey" };
    const taken = parseOperatorConfig(parse(text), { path: "/x", env });
    assert.equal(taken.hosts["web-1"]?.port, 2222);
    assert.equal(taken.hosts["web-1"]?.passphrase, "pass");
    assert.equal(taken.maxTtlMinutes, 60);
    assert.equal(taken.defaultTtlMinutes, 30);
    assert.equal(taken.commandTimeoutSeconds, 5);
    assert.deepEqual(taken.duo?.users, { bob: "b" });
    assert.equal(taken.duo?.skey, "skey");
  });
});

describe("an operator config file", () => {
  function load(text: string): string {
    const file = join(dir, "config.yaml");
    writeFileSync(file, text);
    try {
      loadOperatorConfig({ AR_CONFIG: file });
    } catch (err) {
      assert.ok(isAppError(err, "AR_CONFIG_INVALID"), String(err));
      return err.message;
    }
    assert.fail("the config was taken");
  }

  it("that is empty is refused", () => {
    load("# nothing yet\n");
  });

  it("with a YAML error is refused by line and column only", () => {
    const message = load(`${config()}note: ${secret} : [\n`);
    assert.match(message, /line \d+, column \d+/);
    assert.ok(!message.includes(secret), message);
  });

  it("with a duplicate key is refused", () => {
    load(`${config()}maxTtlMinutes: 60\nmaxTtlMinutes: 6000\n`);
  });

  it("that does not exist is refused", () => {
    assert.throws(
      () => loadOperatorConfig({ AR_CONFIG: join(dir, "absent.yaml") }),
      (err: unknown) => isAppError(err, "AR_CONFIG_INVALID"),
    );
  });
});

describe("the configs the project ships", () => {
  it("take the example config's shape", () => {
    const text = readFileSync(
      join(repoRoot, "approval-runner.config.example.yaml"),
      "utf8",
    );
    assert.deepEqual(checkOperatorConfig(parse(text)), []);
    const local = text.replace(
      /privateKeyPath: .*/,
      `privateKeyPath: ${keyFile}`,
    );
    const taken = parseOperatorConfig(parse(local), {
      path: "/x",
      env: { DUO_SKEY: "s" },
    });
    assert.deepEqual(taken.duo?.users, { bob: "bob.smith" });
  });

  it("take the gitops fixture's config", () => {
    const file = join(repoRoot, "test/fixtures/gitops/operator.yaml");
    const taken = loadOperatorConfig({ AR_CONFIG: file, AR_WEB_KEY: "k" });
    assert.deepEqual(Object.keys(taken.hosts), ["web-1", "web-2"]);
  });

  it("take the sandbox's config written as a file", () => {
    // What src/sandbox/stack.ts builds in code, with its key from a variable.
    const text = `publicUrl: http://127.0.0.1:0
database: ${join(dir, "store.db")}
hosts:
  web-1:
    host: 127.0.0.1
    port: 40022
    user: runner
    privateKeyEnv: AR_SANDBOX_KEY
    hostKey: ${fingerprint}
    connectTimeoutMs: 5000
allowSelfApproval: false
defaultTtlMinutes: 1440
commandTimeoutSeconds: 30
duo:
  ikey: DIXXXXXXXXXXXXXXXXXX
  skeyEnv: AR_SANDBOX_SKEY
  host: api-test.duosecurity.com
  baseUrl: http://127.0.0.1:40080
  users: {}
`;
    const env = { AR_SANDBOX_KEY: "k", AR_SANDBOX_SKEY: "s" };
    const taken = parseOperatorConfig(parse(text), { path: "/x", env });
    assert.equal(taken.duo?.baseUrl, "http://127.0.0.1:40080");
  });
});
