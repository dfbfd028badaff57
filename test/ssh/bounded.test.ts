import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BoundedCollector, dropMark } from "../../src/ssh/bounded.js";

function collect(max: number, chunks: string[]) {
  const collector = new BoundedCollector(max);
  for (const chunk of chunks) collector.push(Buffer.from(chunk, "utf8"));
  return collector.finish();
}

describe("BoundedCollector", () => {
  it("keeps output within the limit whole", () => {
    assert.deepEqual(collect(10, ["abc", "def"]), {
      text: "abcdef",
      droppedBytes: 0,
    });
  });

  it("keeps head and tail and counts the dropped middle", () => {
    const result = collect(6, ["abcdef", "ghijkl"]);
    assert.deepEqual(result, {
      text: `abc${dropMark(6)}jkl`,
      droppedBytes: 6,
    });
  });

  it("keeps the tail across many small chunks", () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `${i % 10}`);
    const result = collect(8, chunks);
    assert.equal(result.droppedBytes, 992);
    assert.ok(result.text.startsWith("0123"));
    assert.ok(result.text.endsWith("6789"));
  });

  it("never splits a multi-byte character at a cut", () => {
    const result = collect(7, ["ééééééééé"]);
    assert.doesNotMatch(result.text, /\uFFFD/);
    const mark = dropMark(result.droppedBytes);
    assert.equal(result.text, `éé${mark}é`);
    assert.equal(result.droppedBytes, 12);
  });

  it("keeps at most the limit however much arrives", () => {
    const collector = new BoundedCollector(1000);
    const chunk = Buffer.alloc(64 * 1024, "x");
    for (let i = 0; i < 200; i += 1) collector.push(chunk);
    const result = collector.finish();
    assert.equal(result.droppedBytes, 200 * 64 * 1024 - 1000);
    assert.equal(
      result.text.length,
      1000 + dropMark(result.droppedBytes).length,
    );
  });
});
