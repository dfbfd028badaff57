import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { quoteShell, withSudo } from "../../src/ssh/quote.js";
import { runOnHost } from "../../src/ssh/run.js";
import { type SshdHandle, startSshd } from "../../src/standins/ssh/sshd.js";

const options = { timeoutMs: 10_000, maxOutputBytes: 16 * 1024 };

/** Hostile service names; `M` stands for a marker file path. */
function corpus(m: string): Array<[string, string]> {
  return [
    ["a semicolon", `crond; touch ${m}`],
    ["a command substitution", `$(touch ${m})`],
    ["backticks", `\`touch ${m}\``],
    ["a newline", `crond\ntouch ${m}`],
    ["double quotes", `"; touch ${m}; "`],
    ["single quotes", `'; touch ${m}; '`],
    ["a lone single quote", "'"],
    ["a lone double quote", '"'],
    ["mixed quotes", `a'b"c\`d$e`],
    ["an option", "--option"],
    ["rm flags", "-rf /"],
    ["an end of options", "-- --help"],
    ["unicode", "crönd-ßervice-日本語-🔥"],
    ["a right-to-left override", "crond\u202Etxt.exe"],
    ["right-to-left marks", "\u200Fcrond\u200E"],
    ["a line separator", "a\u2028b"],
    ["10,000 characters", "x".repeat(10_000)],
    ["a star", "*"],
    ["a tilde", "~"],
    ["a variable", "$HOME"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the hostile value
    ["a braced variable", "${IFS}"],
    ["arithmetic", "$((1+1))"],
    ["a backslash", "\\"],
    ["a line continuation", `a\\\ntouch ${m}`],
    ["an or-list", "|| true"],
    ["an and-list", "&& id"],
    ["a redirection", `> ${m}`],
    ["a background job", `crond & touch ${m} &`],
    ["a process substitution", `<(touch ${m})`],
    ["glob characters", "[a-z]*?"],
    ["brace expansion", "{a,b}"],
    ["history expansion", "!!"],
    ["ANSI-C quoting", "$'\\x41'"],
    ["a tab", "a\tb"],
    ["a carriage return", "a\rb"],
    ["a terminal escape", "\u001b[31mred"],
    ["a comment", "#comment"],
    ["surrounding spaces", "  spaced  "],
    ["an empty string", ""],
    ["a template", "{{ 7*7 }}"],
    ["a printf format", "%s%n"],
  ];
}

describe("a hostile service name in `systemctl restart`", () => {
  let sshd: SshdHandle;
  let marker: string;
  before(async () => {
    sshd = await startSshd();
    marker = join(sshd.dir, "injected");
  });
  after(() => sshd.stop());
  beforeEach(() => sshd.clearRecords());

  // Values are built inside each test: the marker path exists only then.
  for (const [index, [name]] of corpus("M").entries()) {
    it(`passes ${name} as exactly one literal argument`, async () => {
      const value = corpus(marker)[index]![1];
      const inner = `systemctl restart ${quoteShell(value)}`;
      const host = sshd.hostConfig("web-1");
      const result = await runOnHost(host, withSudo(inner), options);
      assert.equal(result.exitCode, 0, result.stderr.text);
      assert.deepEqual(sshd.records(), [["restart", value]]);
      assert.deepEqual(sshd.sudoRecords(), [["-n", "--", "sh", "-c", inner]]);
      assert.equal(existsSync(marker), false, "an injected command ran");
    });
  }

  it("has at least 30 cases", () => {
    assert.ok(corpus("M").length >= 30);
  });
});
