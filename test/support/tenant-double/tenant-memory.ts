import { mintEnrollmentToken, mintFactorId, OpaqueIds } from "./opaque-ids.ts";

/** A JSON object as the double reads and writes answers. */
export type Json = Record<string, unknown>;

/** A code's destination: the factor type and the number or address it went to. */
export const destinationOf = (body: unknown): string | undefined => {
  const { factorType, profile } = (body ?? {}) as { factorType?: unknown; profile?: Json };
  if (factorType === "SMS" && typeof profile?.phoneNumber === "string")
    return `SMS ${String(profile.phoneCountryCode ?? "+86")}${profile.phoneNumber}`;
  if (factorType === "EMAIL" && typeof profile?.email === "string") return `EMAIL ${profile.email.toLowerCase()}`;
  return undefined;
};

/**
 * What one double remembers, in memory, for its lifetime: the opaque ids it minted, and what it
 * has shown and sent. The breakages read it; the faithful behaviour needs only the ids.
 */
export class TenantMemory {
  /** Upstream enrollment tokens and the tenant's opaque ones. */
  readonly tokens = new OpaqueIds(mintEnrollmentToken);
  /** Upstream factor ids and the tenant's opaque ones. */
  readonly factorIds = new OpaqueIds(mintFactorId);
  readonly #firstSeen = new Map<string, string>();
  readonly #shown = new Map<string, { factor: Json; viewers: Set<string> }>();
  readonly #codesSent = new Map<string, number>();
  readonly #enrolled = new Map<string, Json>();

  /** When this double first saw a factor (by opaque id), as an ISO timestamp: its `createdAt`. */
  createdAt(opaqueFactorId: string): string {
    let at = this.#firstSeen.get(opaqueFactorId);
    if (at === undefined) {
      at = new Date().toISOString();
      this.#firstSeen.set(opaqueFactorId, at);
    }
    return at;
  }

  /** Notes that a factor, as answered, was shown to the holder of an access token. */
  factorShown(accessToken: string, factor: Json): void {
    const id = String(factor.factorId);
    const seen = this.#shown.get(id) ?? { factor, viewers: new Set<string>() };
    seen.factor = factor;
    seen.viewers.add(accessToken);
    this.#shown.set(id, seen);
  }

  /** The factor last shown under this opaque id, if it was shown to anyone other than this token's holder. */
  factorShownToOthers(accessToken: string, opaqueFactorId: string): Json | undefined {
    const seen = this.#shown.get(opaqueFactorId);
    return seen && [...seen.viewers].some((viewer) => viewer !== accessToken) ? seen.factor : undefined;
  }

  /** Notes that a code went to a destination now. */
  codeSent(destination: string): void {
    this.#codesSent.set(destination, Date.now());
  }

  /** Whether this double saw a code go to the destination within the last minute. */
  codeSentWithinMinute(destination: string): boolean {
    const at = this.#codesSent.get(destination);
    return at !== undefined && Date.now() - at < 60_000;
  }

  /** Notes the success answered to an enrollFactor with this opaque token. */
  enrolled(opaqueToken: string, answer: Json): void {
    this.#enrolled.set(opaqueToken, structuredClone(answer));
  }

  /** The success an enrollFactor with this opaque token was answered with, if any. */
  enrolledWith(opaqueToken: string): Json | undefined {
    const answer = this.#enrolled.get(opaqueToken);
    return answer && structuredClone(answer);
  }
}
