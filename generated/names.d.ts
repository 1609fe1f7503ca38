// Generated from openapi.yaml by `npm run generate`. Do not edit by hand.

/** Each operation's named response examples: the names `setScenario` and `Prefer: example=` accept. */
export interface ExampleNames {
    sendEnrollFactorRequest: "otp" | "sms" | "email" | "face" | "invalidArgument" | "unauthorized" | "factorDisabled" | "factorAlreadyBound" | "payloadTooLarge" | "throttled" | "userCodeLimit" | "globalCodeLimit" | "smsRegionRefused" | "stepUpRequired" | "deliveryFailed" | "deliveryRejected" | "internalError";
    enrollFactor: "enrolled" | "invalidArgument" | "unauthorized" | "wrongTotp" | "wrongPassCode" | "tokenUnknown" | "tokenExpired" | "tokenUsed" | "tokenOfAnotherUser" | "tokenFactorTypeMismatch" | "tokenRevoked" | "facePhotoMissing" | "faceNotRecognised" | "faceNeedsPhoneOrEmail" | "faceBindingFailed" | "factorAlreadyBound" | "payloadTooLarge" | "internalError";
    listFactorsToEnroll: "freshUser" | "someBound" | "allBound" | "unauthorized" | "internalError";
    listEnrolledFactors: "freshUser" | "someBound" | "allBound" | "unauthorized" | "internalError";
    getFactor: "otp" | "sms" | "email" | "face" | "notFound" | "invalidArgument" | "unauthorized" | "internalError";
    resetFactor: "reset" | "notFound" | "stepUpRequired" | "tooManyFailures" | "invalidArgument" | "unauthorized" | "payloadTooLarge" | "internalError";
    mfaOtpVerify: "verified" | "wrongTotp" | "totpMissing" | "otpNotBound" | "tooManyFailures" | "unauthorized" | "payloadTooLarge" | "internalError";
    mfaOtpRecover: "recovered" | "wrongRecoveryCode" | "recoveryCodeMissing" | "otpNotBound" | "tooManyFailures" | "unauthorized" | "payloadTooLarge" | "internalError";
}

/** The languages the mock and the reference server answer in (`x-genauth-languages`). */
export type Language = "en-US" | "zh-CN";
