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

/** A user's wrong TOTPs and recovery codes, and how far their lock-outs have escalated. */
export interface OtpFailureRecord {
  userId: string;
  /** Wrong codes since the last success or the last lock-out began, whichever is later. */
  count: number;
  /** Wrong codes since the last success: NIST SP 800-63B's consecutive failures, which no lock-out resets. */
  consecutive: number;
  /** Lock-outs in a row, less one for each quiet period: the next lock-out lasts 2^escalation times the first. */
  escalation: number;
  /** When the last wrong code was counted. */
  lastFailureAt?: number;
  /** When the latest timed lock-out ends (or ended). */
  lockedUntil?: number;
}

/** What a change to a user's factors is judged on: their lock-out, and the session's latest step-up. */
export interface OtpGuard {
  failures?: OtpFailureRecord;
  stepUpAt?: number;
}

/** At most `cap` sends in any `windowMs`, counted exactly. */
export interface SendWindow {
  cap: number;
  windowMs: number;
}

/**
 * The exact limits on one key (a destination, or a user's channel). The store keeps the key's
 * recent send times in one row, a ring as long as the largest cap plus one: enough to say exactly
 * when each window frees, and to give one send back without forgetting an older one.
 */
export interface SendRing {
  key: string;
  windows: readonly SendWindow[];
  /**
   * Who asks, for a ring that must tell the asker of its newest send from everyone else (a
   * destination's minute tells its time left only to the user who took it). The ring keeps it
   * beside that send, and a refusal says whether the newest send is theirs.
   */
  holder?: string;
}

/**
 * A channel's budget for everyone: at most `cap` sends in each calendar minute (UTC, from :00 to
 * :59.999). PostgreSQL splits it into shares held by separate rows, so that sends from many
 * instances do not queue on one row; see docs/scaling.md for how far that lets it drift.
 */
export interface SendBudget {
  key: string;
  cap: number;
}

/** What taking a send answered: taken (and which share of the budget paid), or when each limit frees. */
export type SendTake =
  | { taken: true; shard: number }
  | {
      taken: false;
      /** For each ring, for each of its windows: the moment it frees, or undefined if it has room. */
      rings: Array<Array<number | undefined>>;
      /** When the budget frees (the next minute), or undefined if it has room. */
      budget: number | undefined;
      /**
       * For each ring: whether its newest send was made by the ring's `holder`. False for a ring
       * given none, and whenever it is not known (the newest send was handed back, or written
       * without a holder).
       */
      mine: boolean[];
    };

/**
 * What a send asks of the store at once: the factors of the enrollment's user, a send to take
 * (`at`, `rings`, `budget`, as {@link MfaStoreOps.takeSend} takes them) unless one of those factors
 * is of a type in `unlessBound`, and the enrollment to write if the send is taken (trimming the
 * user's unused ones to `keepPending`, as {@link MfaStoreOps.insertEnrollment} does).
 */
export interface SendStart {
  at: number;
  rings: readonly SendRing[];
  budget: SendBudget;
  enrollment: EnrollmentRecord;
  keepPending: number;
  unlessBound: readonly FactorType[];
}

/** A send to hand back: its time, the rings it was counted in, and the budget's share that paid. */
export interface TakenSend {
  at: number;
  ringKeys: readonly string[];
  budgetKey: string;
  shard: number;
}

/**
 * The reads and writes of the MFA domain. Each call is atomic on its own. Inside
 * {@link MfaStore.transaction} the same calls see and lock the rows they read, so a read-check-write
 * sequence holds against every other instance on the same database.
 */
export interface MfaStoreOps {
  /**
   * Counts one send at `at` in every ring and in the budget, all or none: if any window of any
   * ring is full, or the budget has no room, nothing is written and the answer says when each
   * frees. One statement on PostgreSQL; concurrent takes of one ring queue on its row.
   */
  takeSend(at: number, rings: readonly SendRing[], budget: SendBudget): Promise<SendTake>;
  /**
   * Reads the user's factors and, unless one of them is of a type in `unlessBound`, takes the send
   * and, if it is taken, writes the enrollment: what listFactors, takeSend and insertEnrollment
   * would do one after the other, in one call (one statement on PostgreSQL, so one round trip).
   * `take` is absent when a factor held it back, and nothing was taken or written. The domain calls
   * it inside a transaction, where the factors stay locked until the end; outside one, only
   * PostgreSQL makes the take and the write all or nothing.
   */
  startSend(start: SendStart): Promise<{ factors: FactorRecord[]; take?: SendTake }>;
  /**
   * Hands a send back (a delivery that certainly did not happen): its time leaves each ring, and its
   * unit goes back to its share if the minute is the same.
   */
  giveBackSend(send: TakenSend): Promise<void>;
  /** The send times a ring holds, oldest first (an empty list for a key never sent to). */
  recentSends(key: string): Promise<number[]>;
  /** Deletes rings whose newest send is before `before`, and budget shares of minutes before it; returns how many rows went. */
  pruneRecentSends(before: number): Promise<number>;

  /**
   * The user's failures and, for one of their sessions, when it last proved the bound OTP factor (a
   * TOTP, the recovery code, or binding it): one read, so that a factor change costs one round trip
   * for both. Inside a transaction the failures' row stays locked until it ends.
   */
  otpGuard(userId: string, session: string): Promise<OtpGuard>;
  /** Records a step-up for one session of the user; an earlier time never replaces a later one. */
  setStepUpAt(userId: string, session: string, at: number): Promise<void>;
  /** Deletes step-ups made before `before` (they can no longer allow anything); returns how many. */
  pruneStepUps(before: number): Promise<number>;

  /**
   * Inserts an enrollment; with `keepPending`, also deletes the user's unused enrollments beyond
   * that many newest (this one included), in the same statement.
   */
  insertEnrollment(record: EnrollmentRecord, keepPending?: number): Promise<void>;
  /**
   * Deletes the user's unused enrollments beyond the `keep` newest; returns how many went. Unused is
   * every enrollment not consumed: waiting, revoked or expired alike, for a revoked or expired row
   * takes as much room as a waiting one until pruneEnrollments purges it.
   */
  trimPendingEnrollments(userId: string, keep: number): Promise<number>;
  findEnrollment(tokenHash: string): Promise<EnrollmentRecord | undefined>;
  updateEnrollment(
    tokenHash: string,
    change: Partial<Pick<EnrollmentRecord, "failedAttempts" | "consumedAt" | "revokedAt">>,
  ): Promise<void>;
  /** Deletes enrollments that expired before `before`; returns how many. */
  pruneEnrollments(before: number): Promise<number>;

  /** Binds a factor; a second factor of one type for one user is refused by a unique constraint. */
  insertFactor(record: FactorRecord): Promise<void>;
  findFactor(userId: string, factorId: string): Promise<FactorRecord | undefined>;
  findFactorByType(userId: string, factorType: FactorType): Promise<FactorRecord | undefined>;
  /** The user's factors, oldest first; inside a transaction they stay locked until it ends. */
  listFactors(userId: string): Promise<FactorRecord[]>;
  updateFactor(factorId: string, change: Partial<Pick<FactorRecord, "lastTotpStep" | "recoveryHash">>): Promise<void>;
  /** Deletes the factor, its secret and recovery hash with it; returns whether it existed. */
  deleteFactor(userId: string, factorId: string): Promise<boolean>;

  /** The user's failures; inside a transaction their row stays locked until it ends. */
  otpFailures(userId: string): Promise<OtpFailureRecord | undefined>;
  /** Replaces the user's failures with the record, every field of it (an absent time is cleared). */
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
