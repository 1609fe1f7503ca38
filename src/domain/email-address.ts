/** An address in the form used for rate limits and delivery, and masked for a factor's profile. */
export interface NormalisedEmail {
  address: string;
  masked: string;
  /**
   * The inbox the address reaches, for rate limits: without a `+tag`, and for Gmail without dots,
   * so that `a.li.ce+1@gmail.com` and `alice+2@gmail.com` share one per-minute slot.
   */
  limitKey: string;
}

const GMAIL = new Set(["gmail.com", "googlemail.com"]);

function inboxOf(address: string): string {
  const at = address.lastIndexOf("@");
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

/**
 * Lower-cases the whole address: the local part is case-sensitive in theory but not at any real
 * provider, and one inbox must not get a second per-minute slot by changing case.
 */
export function normaliseEmail(email: string): NormalisedEmail {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  return { address, masked: `${address.slice(0, 1)}***${address.slice(at)}`, limitKey: inboxOf(address) };
}
