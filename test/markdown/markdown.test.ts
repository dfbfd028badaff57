import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { code, fenced, maxInlineChars } from "../../src/markdown.js";

const md = new MarkdownIt();

/** Texts people have typed to break out of the app's code spans. */
const hostile: [string, string][] = [
  ["a plain word", "crond"],
  ["a backtick", "x`@acme/ops`y"],
  ["a run of backticks", "a ``` b `` c"],
  ["a leading and a trailing backtick", "`@acme/ops`"],
  ["blank lines and a forged line", "x`\n\n**Recorded @admin**\n\n`y"],
  ["a heading after a newline", "x\n# heading"],
  ["carriage returns", "a\r\rb"],
  ["a marker", "<!-- approval-runner:finished -->"],
  ["HTML", "<img src=x onerror=alert(1)>"],
  ["a link and bold", "**bold** [details](http://127.0.0.1/x)"],
  ["a bidi override", "abc\u202edef"],
  ["spaces around", " x "],
  ["only a backtick", "`"],
  ["a pipe", "a | b"],
  ["an empty text", ""],
];

describe("inline code", () => {
  for (const [name, text] of hostile) {
    it(`keeps ${name} inside one code span`, () => {
      const html = md.render(`before ${code(text)} after`);
      assert.match(html, /^<p>before <code>[^<]*<\/code> after<\/p>\n$/);
    });

    it(`keeps ${name} inside one table cell`, () => {
      const row = `| ${code(text, { inTable: true })} | b |`;
      const html = md.render(`${row}\n| --- | --- |`);
      assert.match(html, /<th><code>[^<]*<\/code><\/th>\n<th>b<\/th>/);
      assert.equal(html.match(/<th>/g)?.length, 2);
    });
  }

  const shown: [string, string, string][] = [
    ["a plain word as it is", "crond", "crond"],
    ["a backtick as a space", "x`y", "x y"],
    ["backticks around as spaces", "`x`", " x "],
    ["spaces around as they are", " x ", " x "],
    ["a line break as a space", "a\nb", "a b"],
    ["a pipe as it is", "a|b", "a|b"],
  ];
  for (const [name, text, expected] of shown) {
    it(`shows ${name}`, () => {
      const [token] = md.parseInline(code(text), {});
      const span = token?.children?.find((t) => t.type === "code_inline");
      assert.equal(span?.content, expected);
    });
  }

  it("shows a pipe in a table cell as it is", () => {
    const html = md.render(`| ${code("a|b", { inTable: true })} |\n| --- |`);
    assert.match(html, /<th><code>a\|b<\/code><\/th>/);
  });

  it("never carries the start of an HTML comment", () => {
    const shownCode = code("<!-- approval-runner:finished -->");
    assert.equal(shownCode.includes("<!--"), false);
    assert.match(shownCode, /approval-runner:finished -->/);
  });

  it("cuts a long text to the bound, ending with an ellipsis", () => {
    const long = "é".repeat(500);
    const [token] = md.parseInline(code(long), {});
    const span = token?.children?.find((t) => t.type === "code_inline");
    assert.equal([...(span?.content ?? "")].length, maxInlineChars);
    assert.ok(span?.content.endsWith("…"));
  });

  it("is always one backtick each side", () => {
    for (const [, text] of hostile) assert.match(code(text), /^`[^`]+`$/);
  });

  it("takes a bound of its own", () => {
    assert.equal(code("abcdef", { max: 4 }), "`abc…`");
  });

  it("does not split a character made of two code units", () => {
    const text = "😀".repeat(100);
    assert.doesNotMatch(code(text), /[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("a fenced block", () => {
  const texts: [string, string][] = [
    ["plain lines", "a\nb"],
    ["a fence of its own", "```\nnot the end\n```"],
    ["a longer fence", "````` not a fence\n```"],
    ["a trailing newline", "a\n"],
    ["Markdown", "# heading\n**bold** @acme/ops"],
  ];
  for (const [name, text] of texts) {
    it(`holds ${name} as one block, unchanged`, () => {
      const tokens = md.parse(fenced(text, "yaml"), {});
      assert.deepEqual(
        tokens.map((t) => t.type),
        ["fence"],
      );
      const body = text.endsWith("\n") ? text : `${text}\n`;
      assert.equal(tokens[0]!.content, body);
      assert.equal(tokens[0]!.info, "yaml");
    });
  }

  it("never carries the start of an HTML comment", () => {
    const block = fenced("x\n<!-- approval-runner:finished -->\n");
    assert.equal(block.includes("<!--"), false);
  });
});
