const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** Whether a host name or address is this machine's loopback. */
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/** The host name of a Host header, without its port: `127.0.0.1:3000` → `127.0.0.1`, `[::1]:3000` → `::1`. */
export function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]") >>> 0);
  const colon = host.indexOf(":");
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}
