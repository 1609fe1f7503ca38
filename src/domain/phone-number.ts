import { parsePhoneNumberWithError, type CountryCode, type NumberType, type PhoneNumber } from "libphonenumber-js/max";
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
  const found = parseUnder(phoneNumber, phoneCountryCode);
  if (!found) throw new GenAuthError(400, msg("phoneNumberInvalid", { callingCode: phoneCountryCode }));
  const { parsed, type } = found;
  return {
    e164: parsed.number,
    masked: maskPhone(parsed.nationalNumber),
    callingCode: parsed.countryCallingCode,
    phoneCountryCode: `+${parsed.countryCallingCode}`,
    country: parsed.country,
    type,
  };
}

/** The number parsed under exactly the calling code asked for, and its type, or undefined when it is not a valid number there. */
function parseUnder(phoneNumber: string, phoneCountryCode: string): { parsed: PhoneNumber; type: NumberType | undefined } | undefined {
  // libphonenumber reads full-width and Arabic-Indic digits and skips invisible characters; a number
  // to send a code to is plain ASCII digits, so anything else is refused before it is parsed.
  if (!/^[0-9]{4,15}$/.test(phoneNumber)) return undefined;
  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(`${phoneCountryCode}${phoneNumber}`);
  } catch {
    return undefined; // an unparsable number is reported like an invalid one
  }
  // A number the metadata gives a type is valid: with types in the metadata (the full metadata has
  // them), isValid() asks exactly whether there is one, so asking both walked the patterns twice on
  // every send. isValid() answers for a number without a type.
  const type = parsed.getType();
  // The calling code must be the one asked for: "+4" and "42071838750" parse as +44 20 7183 8750, a
  // London number, but +4 is no calling code, and the user did not ask for the United Kingdom.
  return (type !== undefined || parsed.isValid()) && `+${parsed.countryCallingCode}` === phoneCountryCode ? { parsed, type } : undefined;
}
