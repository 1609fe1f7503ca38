import type { NumberType } from "libphonenumber-js/max";
import { GenAuthError } from "../contract/envelope.ts";
import type { NormalisedPhone } from "./phone-number.ts";

/**
 * ITU's non-geographic calling codes: international freephone and shared-cost (800, 808), satellite
 * networks (870, 881), international networks (882, 883), UPT (878), OCHA (888) and international
 * premium rate (979). Texts to them are billed at premium rates, and they are the usual targets of
 * SMS pumping; no user of a "two-factor" screen needs them.
 */
export const REFUSED_CALLING_CODES: ReadonlySet<string> = new Set(["800", "808", "870", "878", "881", "882", "883", "888", "979"]);

/** Number types inside ordinary country codes that are billed to the sender at a premium. */
const REFUSED_TYPES: ReadonlySet<NumberType> = new Set(["PREMIUM_RATE", "SHARED_COST"]);

const refused = (region: string) => new GenAuthError(403, `SMS codes are not sent to ${region}`);

/**
 * Refuses a number this application does not text: a non-geographic range, a premium-rate or
 * shared-cost number, or, when `allowedCountries` is set (SMS_ALLOWED_COUNTRIES), a country outside it.
 */
export function assertSmsRegionAllowed(phone: NormalisedPhone, allowedCountries: ReadonlySet<string> | undefined): void {
  if (REFUSED_CALLING_CODES.has(phone.callingCode)) {
    throw refused(`calling code +${phone.callingCode} (international premium-rate, satellite and other non-geographic ranges are refused)`);
  }
  if (phone.type !== undefined && REFUSED_TYPES.has(phone.type)) {
    throw refused(`${phone.type === "PREMIUM_RATE" ? "premium-rate" : "shared-cost"} numbers (+${phone.callingCode}${phone.country ? `, ${phone.country}` : ""})`);
  }
  if (allowedCountries && (phone.country === undefined || !allowedCountries.has(phone.country))) {
    const where = phone.country ? `${phone.country} (+${phone.callingCode})` : `calling code +${phone.callingCode}`;
    throw refused(`${where}; this application sends them only to ${[...allowedCountries].join(", ")}`);
  }
}
