import type { NumberType } from "libphonenumber-js/max";
import { GenAuthError } from "../contract/envelope.ts";
import type { EventLog } from "./mfa-context.ts";
import type { NormalisedPhone } from "./phone-number.ts";
import { msg, type Message } from "../messages/catalogue.ts";

/**
 * ITU's non-geographic calling codes: international freephone and shared-cost (800, 808), satellite
 * networks (870, 881), international networks (882, 883), UPT (878), OCHA (888) and international
 * premium rate (979). Texts to them are billed at premium rates, and they are the usual targets of
 * SMS pumping; no user of a "two-factor" screen needs them.
 */
export const REFUSED_CALLING_CODES: ReadonlySet<string> = new Set(["800", "808", "870", "878", "881", "882", "883", "888", "979"]);

/**
 * The line types a text reaches: a mobile, or a number the metadata cannot tell from one (the whole
 * of +1 is FIXED_LINE_OR_MOBILE). A fixed line takes SMS only where the operator converts texts to
 * speech, so it needs the deployment's opt-in (SMS_ALLOW_FIXED_LINE).
 */
const textable = (type: LineType): type is "MOBILE" | "FIXED_LINE_OR_MOBILE" => type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";

/** A type libphonenumber names (it gives undefined when its metadata cannot tell). */
type LineType = NonNullable<NumberType>;

type TypeWords =
  | "fixedLineNumbers"
  | "tollFreeNumbers"
  | "premiumRateNumbers"
  | "sharedCostNumbers"
  | "pagerNumbers"
  | "uanNumbers"
  | "voipNumbers"
  | "personalNumbers"
  | "voicemailNumbers";

/**
 * Every other type libphonenumber names, in words for the refusal. None is a phone a person carries:
 * toll-free, premium-rate and shared-cost numbers are services (the last two billed to the sender,
 * the usual target of SMS pumping), and pagers, UANs, VoIP ranges, personal (follow-me) numbers and
 * voicemail access numbers forward to lines the user may not hold, or take no text at all.
 */
const TYPE_WORDS: Record<Exclude<LineType, "MOBILE" | "FIXED_LINE_OR_MOBILE">, TypeWords> = {
  FIXED_LINE: "fixedLineNumbers",
  TOLL_FREE: "tollFreeNumbers",
  PREMIUM_RATE: "premiumRateNumbers",
  SHARED_COST: "sharedCostNumbers",
  PAGER: "pagerNumbers",
  UAN: "uanNumbers",
  VOIP: "voipNumbers",
  PERSONAL_NUMBER: "personalNumbers",
  VOICEMAIL: "voicemailNumbers",
};

/** Where SMS codes may go: the deployment's settings. */
export interface SmsPolicy {
  /** SMS_ALLOWED_COUNTRIES: when set, the only countries texted, as ISO 3166-1 alpha-2 codes. */
  allowedCountries?: ReadonlySet<string>;
  /** SMS_ALLOW_FIXED_LINE: whether fixed lines are texted (their operator turns a text into a call). */
  allowFixedLine?: boolean;
}

const refused = (why: Message) => new GenAuthError(403, why);

/**
 * Refuses a number this application does not text: a non-geographic range; a number whose type
 * cannot receive a text (toll-free, premium-rate, shared-cost, pager, UAN, VoIP, personal,
 * voicemail), or a fixed line unless the policy allows them; and, when the policy lists countries,
 * one outside them. A number whose type the metadata cannot tell is let through, and noted in `log`.
 */
export function assertSmsRegionAllowed(phone: NormalisedPhone, policy: SmsPolicy = {}, log?: EventLog): void {
  if (REFUSED_CALLING_CODES.has(phone.callingCode)) {
    throw refused(msg("smsRefusedNonGeographic", { callingCode: phone.callingCode }));
  }
  const { type } = phone;
  if (type !== undefined && !textable(type) && !(type === "FIXED_LINE" && policy.allowFixedLine)) {
    const where = `+${phone.callingCode}${phone.country ? `, ${phone.country}` : ""}`;
    throw refused(msg("smsRefusedNumberType", { type: msg(TYPE_WORDS[type]), where }));
  }
  const allowedCountries = policy.allowedCountries;
  if (allowedCountries && (phone.country === undefined || !allowedCountries.has(phone.country))) {
    const allowed = [...allowedCountries].join(", ");
    throw refused(
      phone.country
        ? msg("smsRefusedCountry", { country: phone.country, callingCode: phone.callingCode, allowed })
        : msg("smsRefusedCallingCode", { callingCode: phone.callingCode, allowed }),
    );
  }
  // The full metadata types every range it calls valid today, but a range added without a type
  // must not lock its users out: the code is sent, and the range noted (the number masked, as the
  // logs never carry a whole one) for an operator to judge.
  if (type === undefined)
    log?.info(
      { callingCode: phone.phoneCountryCode, country: phone.country, number: phone.masked },
      "SMS code to a number of unknown type",
    );
}
