/**
 * Parses a query string the way the reference server's framework does: a key given once is a string,
 * a key given twice is an array. Repeating `factorId` then fails the contract's "string" in both
 * targets alike, instead of one of them silently taking the last value.
 */
export function parseQuery(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [seen, value].flat();
  }
  return query;
}
