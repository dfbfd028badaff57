import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mapBounded } from "../../src/ssh/pool.js";

describe("mapBounded", () => {
  it("never has more calls in flight than allowed", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 10;
    });
    assert.equal(peak, 3);
    assert.deepEqual(results, [10, 20, 30, 40, 50, 60, 70]);
  });

  it("returns results in input order whatever finishes first", async () => {
    const delays = [3, 0, 2, 1];
    const results = await mapBounded(delays, 4, async (d, i) => {
      for (let k = 0; k < d; k += 1) await new Promise(setImmediate);
      return i;
    });
    assert.deepEqual(results, [0, 1, 2, 3]);
  });

  it("returns nothing for no items", async () => {
    assert.deepEqual(await mapBounded([], 2, async () => 1), []);
  });
});
