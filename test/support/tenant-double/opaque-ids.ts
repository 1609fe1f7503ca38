import { randomBytes, randomUUID } from "node:crypto";

/**
 * The tenant's enrollment-token format: `et_` and 40 lowercase hexadecimal characters. Note that
 * the underscore is outside openapi.yaml's EnrollmentToken pattern (standard base64).
 */
export const ENROLLMENT_TOKEN_FORMAT = /^et_[0-9a-f]{40}$/;
/** The tenant's factor-id format: `fct-` and a UUID. */
export const FACTOR_ID_FORMAT = /^fct-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A new enrollment token in the tenant's format. */
export const mintEnrollmentToken = (): string => `et_${randomBytes(20).toString("hex")}`;
/** A new factor id in the tenant's format. */
export const mintFactorId = (): string => `fct-${randomUUID()}`;

/**
 * A two-way map between the upstream's values and the tenant's opaque ones. One upstream value
 * always gets the same opaque value, so a factor keeps its id across answers. Kept in memory for
 * the life of the double: it is a test double, not a service.
 */
export class OpaqueIds {
  readonly #toOpaque = new Map<string, string>();
  readonly #toUpstream = new Map<string, string>();

  constructor(private readonly mint: () => string) {}

  /** The opaque value for an upstream one, minted on first sight. */
  opaqueFor(upstream: string): string {
    let opaque = this.#toOpaque.get(upstream);
    if (opaque === undefined) {
      opaque = this.mint();
      this.#toOpaque.set(upstream, opaque);
      this.#toUpstream.set(opaque, upstream);
    }
    return opaque;
  }

  /** The upstream value behind an opaque one, or undefined when this double never minted it. */
  upstreamFor(opaque: string): string | undefined {
    return this.#toUpstream.get(opaque);
  }
}
