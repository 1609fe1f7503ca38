// Generated from openapi.yaml by `npm run generate`. Do not edit by hand.

/** Each apiCode of the contract (`x-genauth-api-codes`), by its name. */
export const API_CODES = {
  facePhotoMissing: 1700,
  faceComparisonImageMissing: 1701,
  faceNotRecognised: 1702,
  faceNeedsPhoneOrEmail: 1703,
  facePhoneCheckFailed: 1704,
  faceEmailCheckFailed: 1705,
  faceAlreadyBound: 1706,
  faceBindingFailed: 1707,
  notLoggedIn: 2020,
  totpIncorrect: 6001,
  recoveryCodeIncorrect: 6002,
  totpMissing: 6003,
  recoveryCodeMissing: 6004,
  passCodeIncorrect: 6101,
  enrollmentTokenUnknown: 6110,
  enrollmentTokenExpired: 6111,
  enrollmentTokenUsed: 6112,
  enrollmentTokenOfAnotherUser: 6113,
  enrollmentTokenOtherFactorType: 6114,
  enrollmentTokenRevoked: 6115,
  stepUpRequired: 6120,
  lockedUntilUnlocked: 6121,
} as const;

/** The name of an apiCode the contract tables. */
export type ApiCodeName = keyof typeof API_CODES;

/** An apiCode the contract tables. */
export type ApiCode = (typeof API_CODES)[ApiCodeName];
