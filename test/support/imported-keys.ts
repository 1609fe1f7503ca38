import { vi } from "vitest";

/** Runs `work` and gives the keys it imported through WebCrypto, in the order it imported them. */
export async function importedKeys(work: () => unknown): Promise<CryptoKey[]> {
  const importKey = vi.spyOn(crypto.subtle, "importKey");
  try {
    await work();
    return await Promise.all(importKey.mock.results.map((result) => result.value as Promise<CryptoKey>));
  } finally {
    importKey.mockRestore();
  }
}
