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
 * Persistence for the MFA domain. Every method is synchronous and atomic, and `transaction` runs
 * a whole read-check-write sequence atomically: this is what makes "exactly one of 50 concurrent
 * enrollments wins" hold. A server store (PostgreSQL) would implement the same interface with
 * row locks inside `transaction`.
 */
export interface MfaStore {
  transaction<T>(work: () => T): T;
  /**
   * Resolves once every write made so far is committed. Writes are grouped into shared commits, so
   * an answer that reports a write waits for this before it leaves.
   */
  committed(): Promise<void>;

  /** When a code was last sent to this destination, or undefined. */
  lastSentAt(destination: string): number | undefined;
  /** Records a send (or restores the previous value, to give a slot back after a failed delivery). */
  setLastSentAt(destination: string, at: number | undefined): void;

  /** Counts one code against each of its keys. */
  recordSend(send: SendRecord): void;
  /** The times of the most recent sends under `key` at or after `since`, newest first, at most `limit` of them. */
  recentSends(key: string, since: number, limit: number): number[];
  /** Removes one send from every count it was in (a delivery that certainly did not happen). */
  forgetSend(send: SendRecord): void;
  /** Deletes sends recorded before `before`; returns how many rows went. */
  pruneSends(before: number): number;

  /** When the user last proved their bound OTP factor (a TOTP, the recovery code, or binding it), or undefined. */
  stepUpAt(userId: string): number | undefined;
  setStepUpAt(userId: string, at: number): void;

  insertEnrollment(record: EnrollmentRecord): void;
  /**
   * Deletes the user's pending enrollments (unused, unrevoked, unexpired at `now`) beyond the `keep`
   * newest; returns how many went.
   */
  trimPendingEnrollments(userId: string, now: number, keep: number): number;
  findEnrollment(tokenHash: string): EnrollmentRecord | undefined;
  updateEnrollment(tokenHash: string, change: Partial<Pick<EnrollmentRecord, "failedAttempts" | "consumedAt" | "revokedAt">>): void;
  /** Deletes enrollments that expired before `before`; returns how many. */
  pruneEnrollments(before: number): number;
  /** Deletes rate-limit slots last used before `before`; returns how many. */
  pruneSendLimits(before: number): number;

  insertFactor(record: FactorRecord): void;
  findFactor(userId: string, factorId: string): FactorRecord | undefined;
  findFactorByType(userId: string, factorType: FactorType): FactorRecord | undefined;
  listFactors(userId: string): FactorRecord[];
  updateFactor(factorId: string, change: Partial<Pick<FactorRecord, "lastTotpStep" | "recoveryHash">>): void;
  /** Deletes the factor, its secret and recovery hash with it; returns whether it existed. */
  deleteFactor(userId: string, factorId: string): boolean;

  otpFailures(userId: string): OtpFailureRecord | undefined;
  setOtpFailures(record: OtpFailureRecord): void;

  close(): void;
}
