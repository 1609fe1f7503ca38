import { randomBytes } from "node:crypto";
import type { Json, TenantMemory } from "./tenant-memory.ts";
import { wordingFor, type TenantLanguage } from "./wording.ts";

/** The extra field the tenant adds to answers, to data objects and to each listed item. */
export const TENANT_REGION = { tenantRegion: "cn-north" } as const;

/** A request id in the tenant's format: 32 lowercase hexadecimal characters. */
export const newRequestId = (): string => randomBytes(16).toString("hex");

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

// The upstream masks with "*" (188****5678, t***@example.com); this tenant masks with "x".
const maskProfile = (profile: Json): Json =>
  Object.fromEntries(
    Object.entries(profile).map(([name, value]) => [
      name,
      (name === "phoneNumber" || name === "email") && typeof value === "string" ? value.replace(/\*/g, "x") : value,
    ]),
  );

/** One object of `data`: the tenant's ids for the upstream's, masked profile, and fields of its own. */
function rewriteObject(object: Json, memory: TenantMemory): Json {
  const rewritten: Json = {};
  for (const [name, value] of Object.entries(object)) {
    if (name === "enrollmentToken" && typeof value === "string") rewritten[name] = memory.tokens.opaqueFor(value);
    else if (name === "factorId" && typeof value === "string") rewritten[name] = memory.factorIds.opaqueFor(value);
    else if (name === "profile" && isObject(value)) rewritten[name] = maskProfile(value);
    else rewritten[name] = value;
  }
  if (typeof rewritten.factorId === "string") rewritten.createdAt = memory.createdAt(rewritten.factorId);
  return { ...rewritten, ...TENANT_REGION };
}

const rewriteData = (data: unknown, memory: TenantMemory): unknown =>
  Array.isArray(data)
    ? data.map((item) => (isObject(item) ? rewriteObject(item, memory) : item))
    : isObject(data)
      ? rewriteObject(data, memory)
      : data;

/**
 * The upstream's answer as this tenant gives it: its own words for the message (statusCode and
 * apiCode kept as the upstream sent them), its own request ids on successes and none on errors,
 * its own ids and masking, extra fields, and its own key order (request id first).
 */
export function rewriteAnswer(answer: Json, language: TenantLanguage, memory: TenantMemory): Json {
  const { statusCode, apiCode, data } = answer;
  const message = wordingFor(Number(statusCode), typeof apiCode === "number" ? apiCode : undefined, language);
  if (statusCode !== 200) return { statusCode, ...(apiCode !== undefined && { apiCode }), message, ...TENANT_REGION };
  return {
    requestId: newRequestId(),
    statusCode,
    message,
    ...(data !== undefined && { data: rewriteData(data, memory) }),
    ...TENANT_REGION,
  };
}

/** The tenant's envelope for a failure of its own (a body over its limit, an upstream it cannot reach). */
export const tenantFailure = (statusCode: number, language: TenantLanguage): Json => ({
  statusCode,
  message: wordingFor(statusCode, undefined, language),
  ...TENANT_REGION,
});
