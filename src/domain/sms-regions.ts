import type { NumberType } from "libphonenumber-js/max";
import { GenAuthError } from "../contract/envelope.ts";
import type { NormalisedPhone } from "./phone-number.ts";
import { msg, type Message } from "../messages/catalogue.ts";

/**
 * ITU's non-geographic calling codes: international freephone and shared-cost (800, 808), satellite
 * networks (870, 881), international networks (882, 883), UPT (878), OCHA (888) and international
 * premium rate (979). Texts to them are billed at premium rates, and they are the usual targets of
 * SMS pumping; no user of a "two-factor" screen needs them.
 */
export const REFUSED_CALLING_CODES: ReadonlySet<string> = new Set(["800", "808", "870", "878", "881", "882", "883", "888", "979"]);

/** Number types inside ordinary country codes that are billed to the sender at a premium. */
const REFUSED_TYPES: ReadonlySet<NumberType> = new Set(["PREMIUM_RATE", "SHARED_COST"]);

const refused = (why: Message) => new GenAuthError(403, why);

/**
 * Refuses a number this application does not text: a non-geographic range, a premium-rate or
 * shared-cost number, or, when `allowedCountries` is set (SMS_ALLOWED_COUNTRIES), a country outside it.
 */
export function assertSmsRegionAllowed(phone: NormalisedPhone, allowedCountries: ReadonlySet<string> | undefined): void {
  if (REFUSED_CALLING_CODES.has(phone.callingCode)) {
    throw refused(msg("smsRefusedNonGeographic", { callingCode: phone.callingCode }));
  }
  if (phone.type !== undefined && REFUSED_TYPES.has(phone.type)) {
    const where = `+${phone.callingCode}${phone.country ? `, ${phone.country}` : ""}`;
    throw refused(msg(phone.type === "PREMIUM_RATE" ? "smsRefusedPremiumRate" : "smsRefusedSharedCost", { where }));
  }
  if (allowedCountries && (phone.country === undefined || !allowedCountries.has(phone.country))) {
    const allowed = [...allowedCountries].join(", ");
    throw refused(
      phone.country
        ? msg("smsRefusedCountry", { country: phone.country, callingCode: phone.callingCode, allowed })
        : msg("smsRefusedCallingCode", { callingCode: phone.callingCode, allowed }),
    );
  }
}
