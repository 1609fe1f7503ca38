import type { EnrollmentRecord, FactorRecord, FactorType, OtpFailureRecord } from "./store.ts";

// Rows as both databases return them: snake_case columns, NULL for a missing optional field.
export interface EnrollmentRow {
  token_hash: string; user_id: string; factor_type: FactorType; profile: string;
  code_hash: string | null; secret_cipher: string | null; recovery_hash: string | null;
  created_at: number; expires_at: number; failed_attempts: number; consumed_at: number | null; revoked_at: number | null;
}
export interface FactorRow {
  factor_id: string; user_id: string; factor_type: FactorType; profile: string;
  secret_cipher: string | null; recovery_hash: string | null; last_totp_step: number | null; created_at: number;
}
export interface OtpFailureRow {
  user_id: string; count: number; consecutive: number; escalation: number; last_failure_at: number | null; locked_until: number | null;
}

/** Keeps the non-null entries, so that a NULL column becomes an absent property rather than a null one. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as { [K in keyof T]?: Exclude<T[K], null> };
}

export const toEnrollment = (row: EnrollmentRow): EnrollmentRecord => ({
  tokenHash: row.token_hash, userId: row.user_id, factorType: row.factor_type, profile: JSON.parse(row.profile) as Record<string, string>,
  createdAt: row.created_at, expiresAt: row.expires_at, failedAttempts: row.failed_attempts,
  ...present({ codeHash: row.code_hash, secretCipher: row.secret_cipher, recoveryHash: row.recovery_hash, consumedAt: row.consumed_at, revokedAt: row.revoked_at }),
});

export const toFactor = (row: FactorRow): FactorRecord => ({
  factorId: row.factor_id, userId: row.user_id, factorType: row.factor_type, profile: JSON.parse(row.profile) as Record<string, string>,
  createdAt: row.created_at,
  ...present({ secretCipher: row.secret_cipher, recoveryHash: row.recovery_hash, lastTotpStep: row.last_totp_step }),
});

export const toOtpFailures = (row: OtpFailureRow): OtpFailureRecord => ({
  userId: row.user_id, count: row.count, consecutive: row.consecutive, escalation: row.escalation,
  ...present({ lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until }),
});

