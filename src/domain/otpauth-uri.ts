import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from "./totp.ts";

/** The labels an authenticator app shows for a secret. */
export interface KeyUriLabel {
  issuer: string;
  account: string;
}

/**
 * The Key URI authenticator apps scan (Google Authenticator's Key URI format): the label is
 * `issuer:account`, each part percent-encoded, and the issuer is repeated as a parameter because
 * apps that ignore the label prefix read it from there.
 */
export function otpauthUri({ issuer, account }: KeyUriLabel, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = `secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
  return `otpauth://totp/${label}?${params}`;
}
