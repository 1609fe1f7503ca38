import ipaddr from "ipaddr.js";

/**
 * The client a connection or request is counted against, from its peer address: an IPv4 address
 * as it is (an IPv4-mapped IPv6 address such as `::ffff:203.0.113.7`, which a server listening on
 * `::` sees, becomes `203.0.113.7`), and an IPv6 address by its /64, since one subscriber is
 * routinely handed a whole /64 and could otherwise be a new client at every address of it.
 * Anything that is not an address (a garbled forwarded header) is one client, `unknown`.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return "unknown";
  // A forwarded header can be long and garbled: only what could be an address is remembered.
  if (address.length > LONGEST_ADDRESS) return keyOf(address);
  let key = recent.get(address);
  if (key === undefined) {
    key = keyOf(address);
    if (recent.size >= RECENT_ADDRESSES) recent.clear();
    recent.set(address, key);
  }
  return key;
}

/**
 * Addresses seen lately and their keys. Every API request asks for its client's key, and parsing an
 * address costs about 10 µs, several percent of a request under load; a client sends many requests.
 * Cleared when full, so a flood of new addresses costs the parse and no more memory.
 */
const recent = new Map<string, string>();
const RECENT_ADDRESSES = 4096;
/** An IPv6 address with an embedded IPv4 one is 45 characters; a zone id adds a little. */
const LONGEST_ADDRESS = 64;

function keyOf(address: string): string {
  if (!ipaddr.isValid(address)) return "unknown";
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.toString();
  const prefix = (ip as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(":")}::/64`;
}

/** The names proxy-addr (Fastify's trustProxy) gives ranges of private addresses. */
export const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"] as const;

/** Whether an entry of a trusted-proxy list is an address, a CIDR range, or one of {@link PROXY_RANGE_NAMES}. */
export const isProxyRange = (entry: string): boolean =>
  (PROXY_RANGE_NAMES as readonly string[]).includes(entry) || ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry);
