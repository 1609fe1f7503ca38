import type { EnrollmentRecord, FactorRecord, FactorType, OtpFailureRecord, OtpGuard } from "./store.ts";

// Records to rows and back, the same for both SQL stores: a column holds NULL where a record leaves
// a field out, and a profile is JSON text. Only the SQL around them differs between the dialects.

// Rows as both databases return them: snake_case columns, NULL for a missing optional field.
export interface EnrollmentRow {
  token_hash: string;
  user_id: string;
  factor_type: FactorType;
  profile: string;
  code_hash: string | null;
  secret_cipher: string | null;
  recovery_hash: string | null;
  created_at: number;
  expires_at: number;
  failed_attempts: number;
  consumed_at: number | null;
  revoked_at: number | null;
}
export interface FactorRow {
  factor_id: string;
  user_id: string;
  factor_type: FactorType;
  profile: string;
  secret_cipher: string | null;
  recovery_hash: string | null;
  last_totp_step: number | null;
  created_at: number;
}
export interface OtpFailureRow {
  user_id: string;
  count: number;
  consecutive: number;
  escalation: number;
  last_failure_at: number | null;
  locked_until: number | null;
}
/** The failures and the session's step-up read together: the failure columns are NULL when the user has none. */
export type OtpGuardRow = Partial<OtpFailureRow> & { step_up_at: number | null };

/** Keeps the non-null entries, so that a NULL column becomes an absent property rather than a null one. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as { [K in keyof T]?: Exclude<T[K], null> };
}

export const toEnrollment = (row: EnrollmentRow): EnrollmentRecord => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  factorType: row.factor_type,
  profile: JSON.parse(row.profile) as Record<string, string>,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  failedAttempts: row.failed_attempts,
  ...present({
    codeHash: row.code_hash,
    secretCipher: row.secret_cipher,
    recoveryHash: row.recovery_hash,
    consumedAt: row.consumed_at,
    revokedAt: row.revoked_at,
  }),
});

export const toFactor = (row: FactorRow): FactorRecord => ({
  factorId: row.factor_id,
  userId: row.user_id,
  factorType: row.factor_type,
  profile: JSON.parse(row.profile) as Record<string, string>,
  createdAt: row.created_at,
  ...present({ secretCipher: row.secret_cipher, recoveryHash: row.recovery_hash, lastTotpStep: row.last_totp_step }),
});

export const toOtpFailures = (row: OtpFailureRow): OtpFailureRecord => ({
  userId: row.user_id,
  count: row.count,
  consecutive: row.consecutive,
  escalation: row.escalation,
  ...present({ lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until }),
});

export function toOtpGuard({ step_up_at: stepUpAt, ...failures }: OtpGuardRow): OtpGuard {
  const guard: OtpGuard = {};
  if (failures.user_id != null) guard.failures = toOtpFailures(failures as OtpFailureRow);
  if (stepUpAt !== null) guard.stepUpAt = stepUpAt;
  return guard;
}

// Records as the statements bind them: positional values in the order the statements list the
// columns (binding by position is what PostgreSQL takes, and in SQLite it is cheaper than by name).

/** An enrollment's columns, in the order of the table and of the INSERTs. */
export type EnrollmentValues = [
  tokenHash: string,
  userId: string,
  factorType: FactorType,
  profile: string,
  codeHash: string | null,
  secretCipher: string | null,
  recoveryHash: string | null,
  createdAt: number,
  expiresAt: number,
  failedAttempts: number,
  consumedAt: number | null,
  revokedAt: number | null,
];
export const enrollmentValues = (r: EnrollmentRecord): EnrollmentValues => [
  r.tokenHash,
  r.userId,
  r.factorType,
  JSON.stringify(r.profile),
  r.codeHash ?? null,
  r.secretCipher ?? null,
  r.recoveryHash ?? null,
  r.createdAt,
  r.expiresAt,
  r.failedAttempts,
  r.consumedAt ?? null,
  r.revokedAt ?? null,
];

/** A factor's columns, in the order of the table and of the INSERTs. */
export type FactorValues = [
  factorId: string,
  userId: string,
  factorType: FactorType,
  profile: string,
  secretCipher: string | null,
  recoveryHash: string | null,
  lastTotpStep: number | null,
  createdAt: number,
];
export const factorValues = (r: FactorRecord): FactorValues => [
  r.factorId,
  r.userId,
  r.factorType,
  JSON.stringify(r.profile),
  r.secretCipher ?? null,
  r.recoveryHash ?? null,
  r.lastTotpStep ?? null,
  r.createdAt,
];

/** A user's failures, in the order of the table and of the upserts: every column, so an absent time is cleared. */
export type OtpFailureValues = [
  userId: string,
  count: number,
  consecutive: number,
  escalation: number,
  lastFailureAt: number | null,
  lockedUntil: number | null,
];
export const otpFailureValues = (r: OtpFailureRecord): OtpFailureValues => [
  r.userId,
  r.count,
  r.consecutive,
  r.escalation,
  r.lastFailureAt ?? null,
  r.lockedUntil ?? null,
];

// A change to a row sets only the fields it names: the others are bound as NULL, and the UPDATEs
// coalesce a NULL to the column's value, so one statement serves every change.

/** An enrollment's change, in the order the UPDATEs set the columns (the token hash follows it). */
export type EnrollmentChangeValues = [failedAttempts: number | null, consumedAt: number | null, revokedAt: number | null];
export const enrollmentChangeValues = (
  change: Partial<Pick<EnrollmentRecord, "failedAttempts" | "consumedAt" | "revokedAt">>,
): EnrollmentChangeValues => [change.failedAttempts ?? null, change.consumedAt ?? null, change.revokedAt ?? null];

/** A factor's change, in the order the UPDATEs set the columns (the factor's id follows it). */
export type FactorChangeValues = [lastTotpStep: number | null, recoveryHash: string | null];
export const factorChangeValues = (change: Partial<Pick<FactorRecord, "lastTotpStep" | "recoveryHash">>): FactorChangeValues => [
  change.lastTotpStep ?? null,
  change.recoveryHash ?? null,
];
