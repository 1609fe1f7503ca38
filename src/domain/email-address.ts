/** An address in the form used for rate limits and delivery, and masked for a factor's profile. */
export interface NormalisedEmail {
  address: string;
  masked: string;
}

/**
 * Lower-cases the whole address: the local part is case-sensitive in theory but not at any real
 * provider, and one inbox must not get a second per-minute slot by changing case.
 */
export function normaliseEmail(email: string): NormalisedEmail {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  return { address, masked: `${address.slice(0, 1)}***${address.slice(at)}` };
}
