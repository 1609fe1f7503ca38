import type { MfaStore, MfaStoreOps } from "../../src/store/store.ts";

/** What a store's transactions did since {@link recordTransactions} began recording. */
export interface TransactionRecord {
  /** How many transactions were taken. */
  transactions: number;
  /** The store calls made inside them, by name, in order. */
  calls: string[];
}

/**
 * Wraps the store's `transaction` so that a test sees how many transactions a request takes and
 * which calls it makes inside them; every call still reaches the store.
 */
export function recordTransactions(store: MfaStore): TransactionRecord {
  const record: TransactionRecord = { transactions: 0, calls: [] };
  const transaction = store.transaction.bind(store);
  store.transaction = (work) => {
    record.transactions++;
    return transaction((tx) =>
      work(
        new Proxy(tx, {
          get: (target, name: string) => {
            record.calls.push(name);
            return target[name as keyof MfaStoreOps];
          },
        }),
      ),
    );
  };
  return record;
}
