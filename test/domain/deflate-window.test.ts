import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateBest } from "../../src/domain/deflate.ts";

// Inputs past the 32 KiB window take a few hundred milliseconds here, and a hundred times that under
// npm run mutation's instrumentation, which leaves this file out (vitest.mutation.config.ts); the
// short inputs are in deflate.test.ts.
describe("deflateBest on long inputs", () => {
  it("gives data zlib inflates back to the input for inputs longer than the 32 KiB window", () => {
    const inputs = [new Uint8Array(70_000).fill(0xff), Uint8Array.from({ length: 40_000 }, (_, i) => ((i * 7919) % 251 < 3 ? 0 : 0xff))];
    for (const input of inputs) expect(inflateSync(deflateBest(input)).equals(Buffer.from(input))).toBe(true);
  });
});
