/**
 * The access token in an Authorization header. GenAuth's official Node SDK sends the token raw,
 * browsers and most HTTP clients send `Bearer <token>`; both are accepted everywhere.
 */
export function accessTokenFrom(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  // The value is trimmed, so the scheme's run of whitespace is the only space left to take off.
  const token = value?.replace(/^bearer(?:\s+|$)/i, "");
  return token ? token : undefined;
}
