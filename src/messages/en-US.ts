// The reference wording: every key the targets can answer with, in English, the default language.
// `{name}` is a placeholder the caller fills; a placeholder holding a message is rendered in the
// same language. The keys say what happened, not where: one key may serve the mock and the server.
// A message too long for one line goes on after a backslash: the backslash and the line break add
// nothing to the text, and a template literal, unlike a concatenation, keeps the literal type that
// names the message's placeholders.

/** Every user-facing message, in en-US. The key set of this object is the catalogue's key set. */
export const enUS = {
  success: "Operation successful",

  // HTTP-level problems, answered alike by the mock and the reference server
  noAccessToken: "Unauthorized: the Authorization header carries no access token",
  tooManyFailedRequests: "Too many failed requests from this address; retry in {seconds} seconds",
  bodyTooLarge: "The request body is larger than the {limit}-byte limit",
  bodyRequired: "The request body is required: send a JSON object",
  bodyNotJson: "The request body is not valid JSON: {reason}",
  bodyForbiddenKey: "The request body contains a forbidden __proto__ or constructor key",
  contentTypeNotJson: "Content-Type must be application/json, not {contentType}",
  contentLengthMismatch: "The Content-Length header does not match the body",
  urlMalformed: "The URL is malformed",
  notServed: "No operation is served at {method} {path}",
  notImplemented: "This operation is declared in the contract but not implemented by this server",
  internalError: "Internal server error",

  // Why a request fails its schema; {field} is a dotted path or one of the three wholes below
  theRequestBody: "the request body",
  theHeaders: "the headers",
  theQueryString: "the query string",
  fieldRequired: "{field} is required",
  fieldRequiredWhen: "{field} is required when {tag} is {value}",
  fieldUnknown: "{field} is not a known field",
  fieldNotObject: "{field} must be a JSON object",
  fieldWrongType: "{field} must be of type {type}",
  fieldNotOneOf: "{field} must be one of {allowed}",
  fieldNotConst: "{field} must be {value}",
  fieldPattern: '{field} must match pattern "{pattern}"',
  fieldFormat: "{field} must be a valid {format}",
  fieldTooLong: "{field} must be at most {limit} characters long",
  fieldTooShort: "{field} must be at least {limit} characters long",
  fieldInvalid: "{field} is invalid ({reason})",
  facePhotoRefused: `{field} must be an https:// URL, \
or an uploaded file's key of at most 256 letters, digits, '.', '_', '/' and '-' starting with a letter or a digit`,

  // The access token
  tokenNoSub: "Unauthorized: the access token has no sub claim",
  tokenSubRejected: "Unauthorized: the access token's sub claim is not accepted: it must be a string of 1 to {max} characters",
  tokenTooOld: "Unauthorized: the access token is older than this server accepts",
  tokenNotAccessToken: "Unauthorized: the token is not an access token ({mark})",
  tokenExpired: "Unauthorized: the access token has expired",
  tokenBadSignature: "Unauthorized: the access token's signature does not verify",
  devTokenBadSignature: `Unauthorized: the access token's signature does not verify; \
a development token must be minted by npm run token with this server's DATA_DIR`,
  tokenClaimRejected: "Unauthorized: the access token's {claim} claim is not accepted",
  tokenUnknownKey: "Unauthorized: the access token was signed by a key the issuer does not publish",
  tokenAlgorithmRejected: "Unauthorized: the access token is signed with an algorithm that is not accepted",
  tokenNotJwt: "Unauthorized: the access token is not a valid JWT",
  tokenTooLong: "Unauthorized: the access token is longer than the {max} characters this server accepts",
  issuerKeysUnavailable: "The access token cannot be checked now: the issuer's keys could not be fetched",

  // Starting a binding
  factorDisabled: "factorType {factorType} is not enabled for this application",
  factorAlreadyBound: "An {factorType} factor is already bound for this user; reset it before binding another",
  faceAlreadyBound: "A FACE factor is already bound for this user; reset it before binding another",
  faceNotRecognised: "The face in the photo could not be verified; take another photo",
  faceNeedsPhoneOrEmail: "Bind a phone number or an email address before binding a face",
  faceBindingFailed: "The face could not be bound; try again",
  phoneNumberInvalid: "profile.phoneNumber is not a valid phone number for calling code {callingCode}",
  phoneCodeSentRecently: "A code was sent to this phone number less than a minute ago; retry in {seconds} seconds",
  emailCodeSentRecently: "A code was sent to this address less than a minute ago; retry in {seconds} seconds",
  tooManyEnrollmentStarts: "Too many requests to start binding a factor; retry in {seconds} seconds",
  smsRefusedNonGeographic: `SMS codes are not sent to calling code +{callingCode} \
(international premium-rate, satellite and other non-geographic ranges are refused)`,
  smsRefusedNumberType: "SMS codes are not sent to {type} ({where})",
  fixedLineNumbers: "fixed-line numbers",
  tollFreeNumbers: "toll-free numbers",
  premiumRateNumbers: "premium-rate numbers",
  sharedCostNumbers: "shared-cost numbers",
  pagerNumbers: "pager numbers",
  uanNumbers: "universal access numbers (UAN)",
  voipNumbers: "VoIP numbers",
  personalNumbers: "personal numbers",
  voicemailNumbers: "voicemail access numbers",
  smsRefusedCountry: "SMS codes are not sent to {country} (+{callingCode}); this application sends them only to {allowed}",
  smsRefusedCallingCode: "SMS codes are not sent to calling code +{callingCode}; this application sends them only to {allowed}",
  smsCodes: "SMS codes",
  emailCodes: "email codes",
  oneSmsCode: "1 SMS code",
  oneEmailCode: "1 email code",
  someSmsCodes: "{n} SMS codes",
  someEmailCodes: "{n} email codes",
  userHourlyCodeCap: "This user was sent {count} in the last hour, the most allowed; retry in {seconds} seconds",
  userDailyCodeCap: "This user was sent {count} in the last 24 hours, the most allowed; retry in {seconds} seconds",
  globalCodeCap: "Too many {what} are being sent right now (at most {limit} a minute); retry in {seconds} seconds",
  oneStart: "once",
  someStarts: "{n} times",
  userHourlyStartCap: "This user started binding {factorType} {count} in the last hour, the most allowed; retry in {seconds} seconds",
  userDailyStartCap: "This user started binding {factorType} {count} in the last 24 hours, the most allowed; retry in {seconds} seconds",
  smsGatewayUnreachable: "The code could not be delivered; the SMS gateway could not be reached. Try again",
  emailGatewayUnreachable: "The code could not be delivered; the email gateway could not be reached. Try again",
  smsGatewayUnconfirmed: `The code could not be delivered; the SMS gateway did not confirm the message. \
It may still arrive; if it does not, request another in {seconds} seconds`,
  emailGatewayUnconfirmed: `The code could not be delivered; the email gateway did not confirm the message. \
It may still arrive; if it does not, request another in {seconds} seconds`,
  smsGatewayError: `The code could not be delivered; the SMS gateway answered with an error. \
It may still arrive; if it does not, request another in {seconds} seconds`,
  emailGatewayError: `The code could not be delivered; the email gateway answered with an error. \
It may still arrive; if it does not, request another in {seconds} seconds`,
  smsGatewayRefused: "The code could not be delivered; the SMS gateway refused the message. Try again",
  emailGatewayRefused: "The code could not be delivered; the email gateway refused the message. Try again",

  // Finishing a binding
  enrollmentTokenUnknown: "The enrollmentToken is not valid; request a new one with sendEnrollFactorRequest",
  enrollmentTokenOfAnotherUser: "The enrollmentToken was issued to another user",
  enrollmentTokenOtherFactorType: "The enrollmentToken was issued for factorType {issued}, not {requested}",
  enrollmentTokenUsed: "The enrollmentToken has already been used; request a new one",
  enrollmentTokenRevoked: "The enrollmentToken was revoked after {attempts} incorrect codes; request a new one",
  enrollmentTokenExpired: "The enrollmentToken has expired (it is valid for {seconds} seconds); request a new one",
  attemptsLeft: "{count} attempts left",
  enrollmentTokenNowRevoked: "the enrollmentToken is now revoked",
  enrollTotpIncorrect: "The TOTP is incorrect; enter the current code from the authenticator app ({tail})",
  passCodeIncorrect: "The verification code is incorrect; {tail}",

  // Bound factors and the TOTP checks
  factorNotFound: "No factor with this factorId is bound for this user",
  otpNotBound: "No OTP factor is bound for this user",
  totpIncorrect: "The TOTP is incorrect; enter the current code from the authenticator app",
  totpReplayed: "The TOTP was already used; wait for the authenticator app to show the next code",
  recoveryCodeIncorrect: "The recovery code is incorrect or has already been used",
  // GenAuth's apiCodes 6003 and 6004, in the words of its error-code page, naming the field
  totpMissing: "No TOTP security code was entered: totp is required",
  recoveryCodeMissing: "No TOTP recovery code was entered: recoveryCode is required",
  tooManyIncorrectCodes: "Too many incorrect codes; retry in {seconds} seconds",
  otpLockedUntilUnlocked: `{count} incorrect codes in a row: \
checks of the authenticator app and changes to this account's factors are locked until an administrator unlocks it`,
  stepUpRequired: `This change needs a recent check of the bound authenticator app in this session: \
verify a TOTP with mfa-totp-verify (or use the recovery code), then retry within {seconds} seconds`,

  // The text message or email that carries a code
  codeSubject: "Your verification code",
  codeText: `Your verification code is {code}. It expires in {seconds} seconds. \
If you did not ask to set up two-factor authentication, ignore this message.`,

  // The development outbox
  outboxRecipientRequired: "to is required: an E.164 phone number such as +8618812345678, or an email address",
  outboxLoopbackOnly: "The development outbox answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1])",

  // The mock's own answers
  mockUnknownExample: 'Prefer names example "{name}", which {operationId} does not have; it has: {known}',
  mockUpstreamFailed: "The mock could not answer {operationId} (Prism said HTTP {status})",
  mockGenerationFailed: "The mock could not generate a valid answer for {operationId}; use Prefer: example=<name>",
  mockDynamicRefused: `Prefer: dynamic is not supported by this mock, whose bodies are the contract's examples; \
start it with --dynamic for generated bodies, which it checks against the contract`,
  mockFailed: "The mock failed to answer; see its console",
  mockUnknownScenario: 'The token names scenario "{name}", which no operation has; they have: {known}',
  mockBadScenario: "The scenario is refused: {reason}",
  mockControlMethod: "{path} takes GET, PUT and DELETE, not {method}",
  scenarioNotObject: "the scenario must be a JSON object",
  scenarioUnknownField: "unknown field {field}: use examples, latencyMs or networkFailures",
  scenarioExamplesNotMap: "examples must map operationIds to example names",
  scenarioUnknownOperation: "examples names {operationId}, which is not an operation: {known}",
  scenarioUnknownExample: "{operationId} has no example {name}; it has: {known}",
  scenarioBadLatency: "latencyMs must be an integer from 0 to 60000",
  scenarioBadFailures: "networkFailures must be a non-negative integer",
} as const;
