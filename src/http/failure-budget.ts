/**
 * The failures a client may make a minute, unless FAILURE_LIMIT_CLIENT_MINUTE says otherwise: about
 * two and a half times what a whole run of the contract suite fails with from one address (470).
 */
export const DEFAULT_FAILURES_PER_CLIENT_MINUTE = 1200;

/** Each client's allowance of failed requests, refilled continuously. */
export interface FailureBudget {
  /** Seconds until the client may fail again, or 0 while it has allowance left. */
  waitSeconds(client: string): number;
  /** Spends one failure of the client's allowance. */
  spend(client: string): void;
}

/**
 * A bucket per client that holds `perMinute` failures and refills at `perMinute` a minute, so a
 * client may fail that many times at once and then that many times a minute. Only clients with
 * recent failures have a bucket (a full one is no different from none), at most `maxClients`: past
 * that the one whose last failure is oldest is forgotten, so a flood of addresses costs a bounded
 * amount of memory.
 */
export function failureBudget(perMinute: number, now: () => number, maxClients = 10_000): FailureBudget {
  const buckets = new Map<string, { left: number; at: number }>();
  const perMs = perMinute / 60_000;
  const level = (client: string) => {
    const bucket = buckets.get(client);
    return bucket ? Math.min(perMinute, bucket.left + (now() - bucket.at) * perMs) : perMinute;
  };
  return {
    waitSeconds(client) {
      const left = level(client);
      return left >= 1 ? 0 : Math.ceil((1 - left) / perMs / 1000);
    },
    spend(client) {
      const left = Math.max(0, level(client) - 1);
      // Deleted and set again, so that the map's order runs from the oldest failure to the newest.
      buckets.delete(client);
      if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value!);
      buckets.set(client, { left, at: now() });
    },
  };
}
