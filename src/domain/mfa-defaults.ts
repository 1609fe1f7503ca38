// The reference server's defaults for the settings its environment can change, for whatever else
// builds an MfaContext (the stateful mock); test/fidelity/stateful-mock.test.ts holds the server's
// configuration to them.

/** STEP_UP_SECONDS: how long a step-up lets a user with an authenticator app change factors. */
export const DEFAULT_STEP_UP_SECONDS = 300;
/** TOTP_LOCKOUT_SECONDS: how long TOTP checks are refused after 10 wrong ones. */
export const DEFAULT_TOTP_LOCKOUT_SECONDS = 900;
/** USER_POOL_NAME: the issuer authenticator apps show. */
export const DEFAULT_USER_POOL_NAME = "GenAuth MFA";
