import { parsePhoneNumberWithError, type CountryCode, type NumberType } from "libphonenumber-js/max";
import { GenAuthError } from "../contract/envelope.ts";
import { msg } from "../messages/catalogue.ts";

/** GenAuth's default calling code: mainland China. */
export const DEFAULT_CALLING_CODE = "+86";

/** A phone number in E.164, and as a factor's profile shows it: GenAuth's `{ phoneNumber, phoneCountryCode }`. */
export interface NormalisedPhone {
  e164: string;
  /** The national number, masked: `188****5678`. */
  masked: string;
  /** The calling code's digits, without the `+`. */
  callingCode: string;
  /** ISO 3166-1 alpha-2, or undefined for a non-geographic range (+881, +979, ...). */
  country?: CountryCode;
  /** MOBILE, FIXED_LINE, PREMIUM_RATE, ..., or undefined when the metadata cannot tell. */
  type?: NumberType;
  /** The calling code with its plus sign, as GenAuth's SMS profile shows it: `+86`. */
  phoneCountryCode: string;
}

/** `188****5678`: the first three and last four digits of the national number, the rest masked. */
export function maskPhone(national: string): string {
  const n = national.length;
  const head = n >= 9 ? 3 : n >= 7 ? 1 : 0;
  const tail = n >= 6 ? 4 : 1;
  return `${national.slice(0, head)}${"*".repeat(Math.max(1, n - head - tail))}${national.slice(n - tail)}`;
}

/**
 * Normalises a number to E.164 with libphonenumber's full metadata, so an impossible number (wrong
 * length, unassigned range) is refused before any SMS is paid for. This is the one semantic phone
 * check: the reference server and the mock both call it, so both refuse the same numbers.
 */
export function normalisePhone(phoneNumber: string, phoneCountryCode = DEFAULT_CALLING_CODE): NormalisedPhone {
  try {
    // libphonenumber reads full-width and Arabic-Indic digits and skips invisible characters; a number
    // to send a code to is plain ASCII digits, so anything else is refused before it is parsed.
    if (!/^[0-9]{4,15}$/.test(phoneNumber)) throw new Error("not ASCII digits");
    const parsed = parsePhoneNumberWithError(`${phoneCountryCode}${phoneNumber}`);
    // The calling code must be the one asked for: "+1" and a number that itself starts with "+44" is not a US number.
    if (parsed.isValid() && `+${parsed.countryCallingCode}` === phoneCountryCode) {
      return {
        e164: parsed.number,
        masked: maskPhone(parsed.nationalNumber),
        callingCode: parsed.countryCallingCode,
        phoneCountryCode: `+${parsed.countryCallingCode}`,
        ...(parsed.country !== undefined && { country: parsed.country }),
        ...(parsed.getType() !== undefined && { type: parsed.getType() }),
      };
    }
  } catch {
    // an unparsable number is reported below like an invalid one
  }
  throw new GenAuthError(400, msg("phoneNumberInvalid", { callingCode: phoneCountryCode }));
}
