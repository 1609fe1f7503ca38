import { parsePhoneNumberWithError, type CountryCode, type NumberType } from "libphonenumber-js/max";
import { GenAuthError } from "../contract/envelope.ts";
import { msg } from "../messages/catalogue.ts";

/** GenAuth's default calling code: mainland China. */
export const DEFAULT_CALLING_CODE = "+86";

/** A phone number in E.164 and in the masked form a factor's profile shows. */
export interface NormalisedPhone {
  e164: string;
  masked: string;
  /** The calling code's digits, without the `+`. */
  callingCode: string;
  /** ISO 3166-1 alpha-2, or undefined for a non-geographic range (+881, +979, ...). */
  country?: CountryCode;
  /** MOBILE, FIXED_LINE, PREMIUM_RATE, ..., or undefined when the metadata cannot tell. */
  type?: NumberType;
}

/** `+86 188****5678`: the calling code, the first three and last four digits of the national number. */
export function maskPhone(callingCode: string, national: string): string {
  const n = national.length;
  const head = n >= 9 ? 3 : n >= 7 ? 1 : 0;
  const tail = n >= 6 ? 4 : 1;
  return `+${callingCode} ${national.slice(0, head)}${"*".repeat(Math.max(1, n - head - tail))}${national.slice(n - tail)}`;
}

/**
 * Normalises a number to E.164 with libphonenumber's full metadata, so an impossible number (wrong
 * length, unassigned range) is refused before any SMS is paid for.
 */
export function normalisePhone(phoneNumber: string, phoneCountryCode = DEFAULT_CALLING_CODE): NormalisedPhone {
  try {
    const parsed = parsePhoneNumberWithError(`${phoneCountryCode}${phoneNumber}`);
    if (parsed.isValid()) {
      return {
        e164: parsed.number,
        masked: maskPhone(parsed.countryCallingCode, parsed.nationalNumber),
        callingCode: parsed.countryCallingCode,
        ...(parsed.country !== undefined && { country: parsed.country }),
        ...(parsed.getType() !== undefined && { type: parsed.getType() }),
      };
    }
  } catch {
    // an unparsable number is reported below like an invalid one
  }
  throw new GenAuthError(400, msg("phoneNumberInvalid", { callingCode: phoneCountryCode }));
}
