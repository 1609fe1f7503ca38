/**
 * The longest padding that keeps a token within `length` characters: `sign` makes a token whose
 * claims carry the given padding. Tokens padded like this are what an issuer that packs roles or
 * groups into its claims sends, and what an attacker sends to fill a cache.
 */
export async function paddingFor(length: number, sign: (padding: string) => Promise<string>): Promise<string> {
  const bare = (await sign("")).length;
  // Each 3 bytes of claims are 4 characters of token: start just under the target.
  let size = Math.max(0, Math.floor(((length - bare) * 3) / 4) - 4);
  while ((await sign("x".repeat(size + 1))).length <= length) size++;
  return "x".repeat(size);
}

/** A token of exactly `length` characters, or one shorter where base64url cannot land on it. */
export async function tokenOfLength(length: number, sign: (padding: string) => Promise<string>): Promise<string> {
  return sign(await paddingFor(length, sign));
}
