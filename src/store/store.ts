import type { FactorType } from "../contract/factor-types.ts";

export type { FactorType };

/** A started enrollment, keyed by the hash of its token (the token itself is never stored). */
export interface EnrollmentRecord {
  tokenHash: string;
  userId: string;
  factorType: FactorType;
  /** What is being bound, as the factor's public profile will show it (masked phone, issuer, ...). */
  profile: Record<string, string>;
  /** HMAC of the SMS or email code. */
  codeHash?: string;
  /** The OTP secret, encrypted (AES-256-GCM). */
  secretCipher?: string;
  /** SHA-256 of the OTP recovery code. */
  recoveryHash?: string;
  createdAt: number;
  expiresAt: number;
  failedAttempts: number;
  consumedAt?: number;
  revokedAt?: number;
}

/** A bound factor. */
export interface FactorRecord {
  factorId: string;
  userId: string;
  factorType: FactorType;
  profile: Record<string, string>;
  secretCipher?: string;
  recoveryHash?: string;
  /** The last TOTP time step accepted, so that no TOTP is accepted twice. */
  lastTotpStep?: number;
  createdAt: number;
}

/** A user's run of wrong TOTPs or recovery codes. */
export interface OtpFailureRecord {
  userId: string;
  count: number;
  lockedUntil?: number;
}

/**
 * One code sent, recorded under every rate-limit key it counts against (the user's channel, the
 * channel's global budget), so that the counts of all of them move in the same transaction.
 */
export interface SendRecord {
  /** Tells this send's rows apart from another send's at the same millisecond. */
  id: string;
  at: number;
  keys: readonly string[];
}

/**
 * The reads and writes of the MFA domain. Each call is atomic on its own. Inside
 * {@link MfaStore.transaction} the same calls see and lock the rows they read, so a read-check-write
 * sequence holds against every other instance on the same database.
 */
export interface MfaStoreOps {
  /**
   * Inside a transaction: makes every other transaction that holds one of these rate-limit keys
   * wait until this one ends, so counts read under them stay true until written (PostgreSQL:
   * advisory locks, taken in one order; SQLite: its transactions already run one at a time).
   */
  holdKeys(keys: readonly string[]): Promise<void>;
  /** When a code was last sent to this destination, or undefined. */
  lastSentAt(destination: string): Promise<number | undefined>;
  /** Records a send (or restores the previous value, to give a slot back after a failed delivery). */
  setLastSentAt(destination: string, at: number | undefined): Promise<void>;

  /** Counts one code against each of its keys. */
  recordSend(send: SendRecord): Promise<void>;
  /** The times of the most recent sends under `key` at or after `since`, newest first, at most `limit` of them. */
  recentSends(key: string, since: number, limit: number): Promise<number[]>;
  /** Removes one send from every count it was in (a delivery that certainly did not happen). */
  forgetSend(send: SendRecord): Promise<void>;
  /** Deletes sends recorded before `before`; returns how many rows went. */
  pruneSends(before: number): Promise<number>;

  /** When the user last proved their bound OTP factor (a TOTP, the recovery code, or binding it), or undefined. */
  stepUpAt(userId: string): Promise<number | undefined>;
  /** Records a step-up; an earlier time never replaces a later one. */
  setStepUpAt(userId: string, at: number): Promise<void>;

  insertEnrollment(record: EnrollmentRecord): Promise<void>;
  /**
   * Deletes the user's pending enrollments (unused, unrevoked, unexpired at `now`) beyond the `keep`
   * newest; returns how many went.
   */
  trimPendingEnrollments(userId: string, now: number, keep: number): Promise<number>;
  findEnrollment(tokenHash: string): Promise<EnrollmentRecord | undefined>;
  updateEnrollment(tokenHash: string, change: Partial<Pick<EnrollmentRecord, "failedAttempts" | "consumedAt" | "revokedAt">>): Promise<void>;
  /** Deletes enrollments that expired before `before`; returns how many. */
  pruneEnrollments(before: number): Promise<number>;
  /** Deletes rate-limit slots last used before `before`; returns how many. */
  pruneSendLimits(before: number): Promise<number>;

  /** Binds a factor; a second factor of one type for one user is refused by a unique constraint. */
  insertFactor(record: FactorRecord): Promise<void>;
  findFactor(userId: string, factorId: string): Promise<FactorRecord | undefined>;
  findFactorByType(userId: string, factorType: FactorType): Promise<FactorRecord | undefined>;
  listFactors(userId: string): Promise<FactorRecord[]>;
  updateFactor(factorId: string, change: Partial<Pick<FactorRecord, "lastTotpStep" | "recoveryHash">>): Promise<void>;
  /** Deletes the factor, its secret and recovery hash with it; returns whether it existed. */
  deleteFactor(userId: string, factorId: string): Promise<boolean>;

  otpFailures(userId: string): Promise<OtpFailureRecord | undefined>;
  setOtpFailures(record: OtpFailureRecord): Promise<void>;
}

/**
 * Persistence for the MFA domain: SQLite (one process, or several on one file) or PostgreSQL (many
 * instances). The domain never learns which.
 */
export interface MfaStore extends MfaStoreOps {
  /**
   * Runs a read-check-write sequence atomically: what `work` reads through `tx` stays as read until
   * it commits (SQLite: one writer at a time; PostgreSQL: row locks, retried on a conflict). If
   * `work` throws, everything it wrote is rolled back. `work` may be run more than once, so it must
   * do nothing but store calls and computation.
   */
  transaction<T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T>;
  /**
   * Resolves once every write made so far is committed. SQLite groups writes into shared commits,
   * so an answer that reports a write waits for this before it leaves.
   */
  committed(): Promise<void>;
  /** Resolves when the database answers and its schema is current; rejects otherwise. */
  ready(): Promise<void>;
  /** Connections in use and idle, for the metrics (SQLite has one). */
  poolUsage(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
