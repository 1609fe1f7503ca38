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
 * The reads and writes of the MFA domain. Each call is atomic on its own. Inside
 * {@link MfaStore.transaction} the same calls see and lock the rows they read, so a read-check-write
 * sequence holds against every other instance on the same database.
 */
export interface MfaStoreOps {
  /** When a code was last sent to this destination, or undefined. */
  lastSentAt(destination: string): Promise<number | undefined>;
  /**
   * Takes the destination's send slot at `now`, unless a code went there less than `intervalMs`
   * before. One conditional write, so of any number of concurrent claims at most one wins. Returns
   * whether the slot was taken.
   */
  claimSendSlot(destination: string, now: number, intervalMs: number): Promise<boolean>;
  /**
   * Gives back a slot taken at `takenAt` (after a failed delivery), only if it still holds that
   * send: a slow gateway must not undo a later send. A slot given back is free, as it was before.
   */
  releaseSendSlot(destination: string, takenAt: number): Promise<void>;

  insertEnrollment(record: EnrollmentRecord): Promise<void>;
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
