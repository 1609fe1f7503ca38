import { randomFillSync } from "node:crypto";

const POOL_BYTES = 64 * 1024;

/**
 * Bytes from `fill` (the operating system's CSPRNG unless a test counts its calls), drawn in 64 KiB
 * refills rather than one system call per token: every byte is still used once and only once, so
 * the output is as unpredictable as crypto.randomBytes, at a fraction of its per-call cost on the
 * enrollment hot path.
 */
export function createRandomPool(fill: (buffer: Buffer) => Buffer = randomFillSync): (size: number) => Buffer {
  let pool: Buffer = Buffer.alloc(0);
  let offset = 0;
  return (size) => {
    if (offset + size > pool.length) {
      // A request larger than a pool gets a refill of its own size, used up at once.
      pool = fill(Buffer.allocUnsafe(Math.max(POOL_BYTES, size)));
      offset = 0;
    }
    // A copy, so that no caller holds a view onto bytes that other callers are handed.
    const bytes = Buffer.from(pool.subarray(offset, offset + size));
    pool.fill(0, offset, offset + size);
    offset += size;
    return bytes;
  };
}

/** The process's one pool. */
export const secureRandomBytes = createRandomPool();
