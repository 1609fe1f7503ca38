// Generated from openapi.yaml by `npm run generate`. Do not edit by hand.

export interface paths {
    "/api/v3/send-enroll-factor-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Initiate a request to bind an MFA factor
         * @description When the user has not bound a factor of this type, starts binding one and returns an
         *     `enrollmentToken`, valid for one minute and usable once, to pass to `enrollFactor`.
         *
         *     * `OTP`: returns `otpData`, the authenticator app's `otpauth://` URI, its QR code and a
         *       one-time recovery code. No `profile` is needed (GenAuth's iOS Guard sends none).
         *     * `SMS`: sends a code to `profile.phoneNumber` (6 digits on the reference server by default,
         *       `VERIFY_CODE_LENGTH`; see `PassCode`). One request per phone number per minute.
         *     * `EMAIL`: sends a code to `profile.email`, likewise. One request per address per minute.
         *     * `FACE`: returns only the token; the photo is supplied to `enrollFactor`. A user with no phone
         *       number or email address bound gets GenAuth's apiCode 1703 instead.
         *
         *     While the user has an authenticator app (OTP) bound, this needs a TOTP check, a recovery or the
         *     OTP binding in the same session within the last 300 seconds, or it is refused with 403 and
         *     apiCode 6120: a stolen access token alone must not add the attacker's phone. `enrollFactor`
         *     checks again. This rule is this contract's own.
         *
         *     Rules of this contract's own, not GenAuth's (`x-genauth-rules`), against SMS pumping and
         *     floods: a user is sent at most 5 codes an hour and 10 a day per channel (SMS, email), and all
         *     users together 100 codes a minute per channel; a user starts at most 100 OTP and 100 FACE
         *     bindings in any hour and in any 24 hours; each answered with `statusCode` 429 and the seconds to wait;
         *     non-geographic numbers (`+979`, `+881`, `+882`, ...) and countries a deployment has not allowed
         *     are answered with 403 naming the region, and numbers that are not mobiles (toll-free,
         *     premium-rate, shared-cost, pager, UAN, VoIP, personal, voicemail, and fixed lines unless the
         *     deployment allows them) with 403 naming the type. The numbers are the reference server's
         *     defaults; a deployment sets its own.
         */
        post: operations["sendEnrollFactorRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/enroll-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bind an MFA factor
         * @description Finishes binding the factor that `sendEnrollFactorRequest` started. The `enrollmentToken` is
         *     valid for one minute, single use, bound to the user and the factor type, and revoked after
         *     5 wrong codes.
         *
         *     * `SMS` and `EMAIL`: `enrollmentData.passCode` is the delivered code, any bounded string at
         *       GenAuth's level (see `PassCode`); a code of the wrong length is a wrong code (apiCode 6101).
         *     * `OTP`: `enrollmentData.passCode` is a current 6-digit TOTP from the authenticator app (one
         *       30-second step of clock drift is allowed; a TOTP is never accepted twice).
         *     * `FACE`: `enrollmentData.photo` is the key GenAuth's upload endpoint returned for the user's
         *       photo, or its URL with `isExternalPhoto: true`. Our targets take only an `https://` URL or a
         *       key of a safe alphabet (`facePhotoChecked`), and a user with no phone number or email address
         *       bound gets apiCode 1703.
         *
         *     While the user has an authenticator app (OTP) bound, finishing a binding needs the same
         *     step-up as starting it (a TOTP check, a recovery or the OTP binding in the same session within
         *     the last 300 seconds), checked again here: a binding started inside the window is refused with
         *     403 and apiCode 6120 once the window has closed, and with 429 during a TOTP lock-out. A refused
         *     finish spends none of the token's attempts. This rule is this contract's own, not GenAuth's.
         */
        post: operations["enrollFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/list-factors-to-enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the MFA factors the user can still bind
         * @description The factor types that the application has enabled and that this user has not bound yet.
         */
        get: operations["listFactorsToEnroll"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/list-enrolled-factors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the MFA factors the user has bound
         * @description Every factor this user has bound. Profiles are masked and never carry a secret.
         */
        get: operations["listEnrolledFactors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/get-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one bound MFA factor
         * @description One of this user's bound factors, by `factorId`. A factor that does not exist and a factor
         *     that belongs to another user get the same 404 envelope, so the answer reveals nothing about
         *     other users.
         */
        get: operations["getFactor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/reset-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unbind an MFA factor
         * @description Unbinds one of this user's factors by `factorId`. Its secret and recovery code are erased, and
         *     its type can be bound again. A factor that does not exist and a factor that belongs to another
         *     user get the same 404 envelope.
         *
         *     While the user has an authenticator app (OTP) bound, unbinding any factor needs a TOTP check,
         *     a recovery or the OTP binding in the same session within the last 300 seconds, or it is
         *     refused with 403 and apiCode 6120, and during a TOTP lock-out with 429: a stolen access token
         *     alone must not replace the user's authenticator app. This rule is this contract's own, not GenAuth's.
         */
        post: operations["resetFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/mfa-totp-verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a TOTP against the bound OTP factor
         * @description Checks a TOTP from the user's bound authenticator app. One 30-second step of clock drift is
         *     allowed, and a TOTP that was accepted once is never accepted again (RFC 6238 §5.2). After 10
         *     consecutive wrong TOTPs the user gets `statusCode` 429 until a cool-down has passed; each
         *     lock-out in a row lasts twice the one before (15 minutes, 30, an hour, ... up to a day on the
         *     reference server by default), and only a quiet period undoes a doubling. After 100 wrong codes
         *     since the last right one the user gets 429 with apiCode 6121 until an administrator unlocks
         *     them (NIST SP 800-63B §5.2.2). A right code is a step-up for the access token's session. A
         *     user with no bound OTP factor gets 404, never `verified: false`.
         */
        post: operations["mfaOtpVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v3/mfa-totp-recovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Use the OTP recovery code once
         * @description For a user who has lost the authenticator app: the recovery code that `sendEnrollFactorRequest`
         *     returned for OTP counts once in place of a TOTP. It is then spent, and a new recovery code is
         *     returned in its place, as GenAuth's V2 `POST /api/v2/mfa/totp/recovery` does. GenAuth's V3 API
         *     has no recovery operation; this is the smallest V3-shaped equivalent. Wrong codes count towards
         *     the same lock-out as wrong TOTPs.
         */
        post: operations["mfaOtpRecover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A GenAuth application ID. GenAuth documents no format for it, so any string is accepted; one
         *     that is not 1 to 64 letters, digits, `_` or `-` (our targets' expectation, in `x-reference`)
         *     is served with an `X-Contract-Warning` naming the header.
         * @example 62a1ae5d7fd8a7d1d5e6b8f1
         */
        AppId: string;
        /**
         * @description The request's ID; quote it when reporting a problem. Any non-empty string (GenAuth's error-code
         *     page shows `xxxxxx-xxxxxx-xxxxxx-xxxxxx`); our targets send a UUID.
         * @example 934108e5-9fbf-4d24-8da1-c330328abd6c
         */
        RequestId: string;
        /**
         * @description The MFA factor type:
         *     - `OTP`: a TOTP authenticator app (RFC 6238);
         *     - `SMS`: a code sent by text message;
         *     - `EMAIL`: a code sent by email;
         *     - `FACE`: face recognition.
         * @example OTP
         * @enum {string}
         */
        FactorType: "OTP" | "SMS" | "EMAIL" | "FACE";
        /**
         * @description A bound factor's ID, as `listEnrolledFactors` returns it. GenAuth's IDs are usually 24 hexadecimal
         *     characters, but a user whose phone number or email address is bound has implicit SMS and EMAIL
         *     factors whose IDs are composite, such as `635391f4xxxxxx6bba26ed4|email` in GenAuth's `getFactor`
         *     sample. Any bounded, non-empty string is accepted; an ID that names no factor of this user gets 404.
         * @example 6571c1f8a3d2e4b5c6d7e8f9
         */
        FactorId: string;
        /**
         * @description The temporary credential that `sendEnrollFactorRequest` returns. Valid for one minute and usable
         *     once, by the user and for the factor type it was issued for. GenAuth documents no format, and
         *     its SDKs' samples send placeholders (the Java SDK's test sends `xxx`), so any bounded, non-empty
         *     string is accepted. Our targets mint 128 random bytes in standard base64 (`x-reference`). The
         *     reference server answers a token it never issued, whatever its shape, with statusCode 422 and
         *     apiCode 6110; the stateless mock accepts any token, with an `X-Contract-Warning` for one that
         *     is not of our shape.
         * @example TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrwmzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=
         */
        EnrollmentToken: string;
        /**
         * @description The code from a text message or an email. GenAuth's clients type it as a plain string (every
         *     official SDK's `passCode: string`) and send codes of several lengths: Guard's web default
         *     `verifyCodeLength` is 4 (`packages/guard-core-v4/src/MFA/core/sms.tsx:172` and `email.tsx:247`
         *     in Authing/Guard), guard-ios reads the same setting (`FramedVerifyCodeTextField.swift:42`) and
         *     its commented test binds with `8705` (`MFAPhoneButton.swift:40`), and the Java SDK's test sends
         *     `123`. So any bounded, non-empty string is accepted here. Our targets send 4 to 8 digits
         *     (`x-reference`): the reference server as many as its `VERIFY_CODE_LENGTH` (6 by default), and
         *     the mock accepts any code of 4 to 8 digits. A code of another length, or not digits, is a wrong
         *     code (statusCode 400, apiCode 6101), never a malformed request.
         * @example 123456
         */
        PassCode: string;
        /**
         * @description A TOTP from the authenticator app: 6 digits, as the `digits=6` of GenAuth's `otpauth://` URIs
         *     says. Leading zeros are part of the code.
         * @example 492039
         */
        TotpCode: string;
        /**
         * @description A one-time OTP recovery code. GenAuth documents no format, so any bounded, non-empty string is
         *     accepted; our targets' codes are six groups of four lowercase hexadecimal characters
         *     (`x-reference`). A code of another shape is simply a wrong one.
         * @example e7ad-aaa4-da75-fa37-57d1-5141
         */
        RecoveryCode: string;
        /**
         * @description The phone number to bind, without its calling code. A code is sent to it; one request per
         *     phone number per minute. Any string is accepted here; a string that is not a phone number for
         *     its calling code is refused with `statusCode` 400.
         * @example 18812345678
         */
        PhoneNumber: string;
        /**
         * @description The calling code of `phoneNumber`, `+` and 1 to 4 digits. Defaults to `+86`, mainland China.
         * @default +86
         * @example +86
         */
        PhoneCountryCode: string;
        /**
         * @description The email address to bind. A code is sent to it; one request per address per minute. GenAuth's
         *     SDKs type it as a plain string, so any string is accepted here, internationalised addresses
         *     (`张三@例子.中国`) included. Our targets refuse an address that is not a valid `email` (their own
         *     rule, `x-reference`) with statusCode 400 naming `profile.email`.
         * @example test@example.com
         */
        Email: string;
        /**
         * @description The factor's details. Which fields are needed depends on `factorType`. Fields GenAuth does not
         *     document are accepted, as GenAuth's clients may send them, and named in `X-Contract-Warning`.
         */
        FactorProfile: {
            phoneNumber?: components["schemas"]["PhoneNumber"] | undefined;
            phoneCountryCode?: components["schemas"]["PhoneCountryCode"] | undefined;
            email?: components["schemas"]["Email"] | undefined;
        };
        /**
         * @description What to bind. `SMS` needs `profile.phoneNumber` and `EMAIL` needs `profile.email`; `OTP` and
         *     `FACE` need no profile. Fields GenAuth does not document are accepted, as GenAuth accepts them;
         *     our targets name each in the `X-Contract-Warning` header, so that a misspelt field is still
         *     reported rather than silently ignored.
         */
        SendEnrollFactorRequestDto: components["schemas"]["SendOtpEnrollFactorRequestDto"] | components["schemas"]["SendSmsEnrollFactorRequestDto"] | components["schemas"]["SendEmailEnrollFactorRequestDto"] | components["schemas"]["SendFaceEnrollFactorRequestDto"];
        /** @description Start binding an authenticator app. GenAuth's iOS Guard sends no profile. */
        SendOtpEnrollFactorRequestDto: {
            /**
             * @description The factor type.
             * @example OTP
             * @constant
             */
            factorType: "OTP";
            profile?: components["schemas"]["FactorProfile"] | undefined;
        };
        /** @description Start binding a phone number. A code is sent to it (see `PassCode` for its length). */
        SendSmsEnrollFactorRequestDto: {
            /**
             * @description The factor type.
             * @example SMS
             * @constant
             */
            factorType: "SMS";
            /** @description Must carry `phoneNumber`. GenAuth's SDK sample also sends `email`, which is accepted. */
            profile: WithRequired<components["schemas"]["FactorProfile"], "phoneNumber">;
        };
        /** @description Start binding an email address. A code is sent to it (see `PassCode` for its length). */
        SendEmailEnrollFactorRequestDto: {
            /**
             * @description The factor type.
             * @example EMAIL
             * @constant
             */
            factorType: "EMAIL";
            /** @description Must carry `email`. */
            profile: WithRequired<components["schemas"]["FactorProfile"], "email">;
        };
        /** @description Start binding a face. The photo is supplied to `enrollFactor`. */
        SendFaceEnrollFactorRequestDto: {
            /**
             * @description The factor type.
             * @example FACE
             * @constant
             */
            factorType: "FACE";
            profile?: components["schemas"]["FactorProfile"] | undefined;
        };
        /** @description What an authenticator app needs, returned for `OTP` only. */
        SendEnrollFactorRequestOtpDataDto: {
            /**
             * @description The `otpauth://totp/` Key URI: `otpauth://totp/{issuer}:{account}?secret={base32}&issuer={issuer}`
             *     with `algorithm=SHA1`, `digits=6` and `period=30`. GenAuth's sample shows the secret as `xxxx`;
             *     our targets send a real base32 secret.
             * @example otpauth://totp/userPoolName:test?secret=U6IY6WMOUFJZDMLV2JWBD6FNAXIZY2EC&period=30&digits=6&algorithm=SHA1&issuer=userPoolName
             */
            readonly qrCodeUri: string;
            /**
             * @description The QR code of `qrCodeUri` as a data URL, for an `<img src>`. GenAuth documents no format, so
             *     any bounded, non-empty string is accepted; our targets send a base64 PNG data URL (`x-reference`).
             * @example data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAANQAAADUAQAAAADMpTC1AAACAUlEQVR42u2YUY7CQAxDfYPc/5a+gZGdYRAr7R/+QIKVyravH9NM7LhA/3/wY9/AAAwGGg4IAhpfqrGRBjMakj4Oc6nHMDP+d8bLGXHvbTKRfnyvwjfUmWs7dNHJnDeZNFRojudSjblx/nze+uzTbHVBiV6LUoc3HX2YpcZGXpVvYpqpxyRZJjOCxTK+Gaoxjp84CmXWBIhnLR0mZUPHz68Ipsmw10erl6B5emuBxW44+fNi1g56zOp3le3o9lcXftBjHhhchbhv7XrU8Z4KWzcHIxbbuSD0WDzADYuU2TtLnWdvsGd5U+HMSNEibTEPQyF2ntHocXx7t8BSYfncpu6WirvXGFaWzCDW9fQa4xqPVxGJPGdzi8V4oNQZK5zX7Cgw7cR30PA3c84ii50iESpCJazTGnMQRvrXFmCVcKAeQ7oWmYjg9vLt3Qrj2co4OocvbTaYn5lpISY1+uab3Qos1pbU5m3NIJ7rgwW2UdgZODEqrnB9vsCYRXhfsaWOu0+NJc+YJQF4jkhXKwW2yW2SRyMapp1qjAlu/vYmbxxuMptOIhv2jS3avHX5PNtXmTMdNwckSrVYnCaeuiVPwCmyRP20kvVCrPdNj23Y36i4wQ03S9UYeHKcTgyoMl/LLxjMgcMic/v6LWZfMIgk4x7blJHyYoPN6egS+/2O+cXsAU6dODRtKLWiAAAAAElFTkSuQmCC
             */
            readonly qrCodeDataUrl: string;
            /** @description A one-time recovery code for when the authenticator app is lost. Shown once; store it safely. */
            readonly recoveryCode: components["schemas"]["RecoveryCode"];
        };
        /** @description The enrollment token, and for `OTP` the authenticator app's data. */
        SendEnrollFactorRequestDataDto: {
            readonly enrollmentToken: components["schemas"]["EnrollmentToken"];
            readonly otpData?: components["schemas"]["SendEnrollFactorRequestOtpDataDto"] | undefined;
        };
        /**
         * @description GenAuth's business status code. `200`, and only `200`, means success.
         * @example 200
         * @constant
         */
        SuccessStatusCode: 200;
        /**
         * @description A human-readable description of the outcome. GenAuth may send it empty (its error-code page shows `"message":""`).
         * @example Operation successful
         */
        SuccessMessage: string;
        /** @description Binding has started. */
        SendEnrollFactorRequestRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            data: components["schemas"]["SendEnrollFactorRequestDataDto"];
        };
        /** @description The proof for the factor being bound. */
        EnrollFactorEnrollmentDataDto: {
            /** @description For `SMS` and `EMAIL`, the delivered code; for `OTP`, a current 6-digit TOTP (`TotpCode`). */
            passCode?: components["schemas"]["PassCode"] | undefined;
            /**
             * @description For `FACE`, the user's photo: the key GenAuth's upload endpoint (`POST /api/v2/upload`) returned
             *     for it, as GenAuth's Guard clients send, or its URL when `isExternalPhoto` is true. Missing, it is
             *     GenAuth's apiCode 1700. GenAuth types it as a plain string ("the link of the bound face image",
             *     sample `132434235ad244`, with `isExternalPhoto` true in the same table). Our targets (their own
             *     rule, `x-reference`) take only an `https://` URL, or a key of at most 256 letters, digits, `.`,
             *     `_`, `/` and `-` that starts with a letter or a digit and holds no `..`, whatever
             *     `isExternalPhoto` says, and refuse anything else with statusCode 400 naming
             *     `enrollmentData.photo`: a `javascript:` or `data:` URL would otherwise be stored and shown back.
             * @example 132434235ad244
             */
            photo?: string | undefined;
            /**
             * @description For `FACE`, whether `photo` is the URL of an image hosted outside GenAuth rather than an uploaded file's key.
             * @default false
             * @example false
             */
            isExternalPhoto?: boolean | undefined;
        };
        /**
         * @description The proof for a factor whose binding `sendEnrollFactorRequest` started. `OTP` needs a 6-digit
         *     TOTP in `enrollmentData.passCode`, `SMS` and `EMAIL` the delivered code there, and `FACE`
         *     needs `enrollmentData.photo`.
         */
        EnrollFactorDto: components["schemas"]["EnrollOtpFactorDto"] | components["schemas"]["EnrollCodeFactorDto"] | components["schemas"]["EnrollFaceFactorDto"];
        /** @description Finish binding an `OTP` factor with a current TOTP. */
        EnrollOtpFactorDto: {
            /**
             * @description The factor type.
             * @example OTP
             * @constant
             */
            factorType: "OTP";
            enrollmentToken: components["schemas"]["EnrollmentToken"];
            /** @description Must carry `passCode`, a 6-digit TOTP. */
            enrollmentData: {
                /** @description The TOTP the authenticator app shows now. */
                passCode: components["schemas"]["TotpCode"];
            } & WithRequired<components["schemas"]["EnrollFactorEnrollmentDataDto"], "passCode">;
        };
        /** @description Finish binding an `SMS` or `EMAIL` factor with the delivered code. */
        EnrollCodeFactorDto: {
            /**
             * @description The factor type, the same as in `sendEnrollFactorRequest`.
             * @example SMS
             * @enum {string}
             */
            factorType: "SMS" | "EMAIL";
            enrollmentToken: components["schemas"]["EnrollmentToken"];
            /** @description Must carry `passCode`. */
            enrollmentData: WithRequired<components["schemas"]["EnrollFactorEnrollmentDataDto"], "passCode">;
        };
        /** @description Finish binding a `FACE` factor with a photo. */
        EnrollFaceFactorDto: {
            /**
             * @description The factor type.
             * @example FACE
             * @constant
             */
            factorType: "FACE";
            enrollmentToken: components["schemas"]["EnrollmentToken"];
            /** @description Must carry `photo`. */
            enrollmentData: WithRequired<components["schemas"]["EnrollFactorEnrollmentDataDto"], "photo">;
        };
        /** @description The factor is bound. GenAuth returns no `data` here. */
        EnrollFactorRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
        };
        /** @description A factor type the user can bind. */
        FactorToEnrollDto: {
            factorType: components["schemas"]["FactorType"];
        };
        /** @description The factor types the application has enabled and the user has not bound. */
        ListFactorsToEnrollRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            /** @description The factor types left to bind. Our targets list each type once. */
            data: components["schemas"]["FactorToEnrollDto"][];
        };
        /**
         * @description An authenticator app. The secret is never returned. GenAuth documents no OTP profile; the
         *     fields are those of the `otpauth://` label, and our targets always send both.
         */
        OtpFactorProfileDto: {
            /**
             * @description The issuer shown in the authenticator app.
             * @example userPoolName
             */
            issuer?: string | undefined;
            /**
             * @description The account label shown in the authenticator app.
             * @example test
             */
            accountName?: string | undefined;
        };
        /**
         * @description A phone number, as GenAuth's `getFactor` sample shows it. At GenAuth's level every field is
         *     optional and `phoneCountryCode` may be null; our targets always send both, the code as a string.
         */
        SmsFactorProfileDto: {
            /**
             * @description The bound number without its calling code. GenAuth's sample shows `188xxxx8888`, which is the
             *     documentation's redaction, not a format; our targets mask all but the first three and last four
             *     digits, as `188****5678`.
             * @example 188****5678
             */
            phoneNumber?: string | undefined;
            /**
             * @description The number's calling code, `+` and 1 to 4 digits; null where GenAuth has none on record.
             * @example +86
             */
            phoneCountryCode?: string | null | undefined;
        };
        /**
         * @description An email address. GenAuth documents no EMAIL profile; `email` is inferred from the field its
         *     `FactorProfile` takes, and our targets always send it, masked.
         */
        EmailFactorProfileDto: {
            /**
             * @description The bound address. Our targets mask the local part after its first character.
             * @example t***@example.com
             */
            email?: string | undefined;
        };
        /**
         * @description A face. GenAuth documents no FACE profile; `photo` is inferred from the field `enrollFactor`
         *     takes, and our targets always send it.
         */
        FaceFactorProfileDto: {
            /**
             * @description The photo the face was bound with, as `enrollFactor` received it (an uploaded file's key, or a URL). Our targets only ever hold an `https://` URL or a key of the shape `enrollFactor` takes (`x-reference`).
             * @example 132434235ad244
             */
            photo?: string | undefined;
        };
        /** @description A bound authenticator app. */
        OtpFactorDto: {
            readonly factorId: components["schemas"]["FactorId"];
            /**
             * @description The factor type.
             * @example OTP
             * @constant
             */
            factorType: "OTP";
            profile: components["schemas"]["OtpFactorProfileDto"];
        };
        /** @description A bound phone number. */
        SmsFactorDto: {
            readonly factorId: components["schemas"]["FactorId"];
            /**
             * @description The factor type.
             * @example SMS
             * @constant
             */
            factorType: "SMS";
            profile: components["schemas"]["SmsFactorProfileDto"];
        };
        /** @description A bound email address. */
        EmailFactorDto: {
            readonly factorId: components["schemas"]["FactorId"];
            /**
             * @description The factor type.
             * @example EMAIL
             * @constant
             */
            factorType: "EMAIL";
            profile: components["schemas"]["EmailFactorProfileDto"];
        };
        /** @description A bound face. */
        FaceFactorDto: {
            readonly factorId: components["schemas"]["FactorId"];
            /**
             * @description The factor type.
             * @example FACE
             * @constant
             */
            factorType: "FACE";
            profile: components["schemas"]["FaceFactorProfileDto"];
        };
        /**
         * @description A bound factor. Its `profile` depends on `factorType` and never carries a secret. At GenAuth's
         *     level a profile is an object whose known fields are all optional (other fields allowed); the
         *     per-factor shape (which fields, and nothing else) is our targets' guarantee, in `x-reference`.
         */
        FactorDto: components["schemas"]["OtpFactorDto"] | components["schemas"]["SmsFactorDto"] | components["schemas"]["EmailFactorDto"] | components["schemas"]["FaceFactorDto"];
        /** @description The user's bound factors. */
        ListEnrolledFactorsRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            /** @description The bound factors. Our targets list at most one per factor type. */
            data: components["schemas"]["FactorDto"][];
        };
        /** @description One bound factor. */
        GetFactorRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            data: components["schemas"]["FactorDto"];
        };
        /** @description The factor to unbind. */
        ResetFactorDto: {
            factorId: components["schemas"]["FactorId"];
        };
        /** @description The factor is unbound. GenAuth returns no `data` here. */
        ResetFactorRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
        };
        /** @description The TOTP to check (GenAuth spells the DTO "Verity"). */
        MfaOtpVerityDto: {
            /** @description The 6-digit code the authenticator app shows now. Missing, it is GenAuth's apiCode 6003. */
            totp: components["schemas"]["TotpCode"];
        };
        /** @description The outcome of the check. */
        OtpVerityRespDto: {
            /**
             * @description Whether the TOTP was accepted. A wrong TOTP is an error envelope (apiCode 6001), as in GenAuth.
             * @example true
             */
            verified: boolean;
        };
        /** @description The TOTP was accepted. */
        MfaOtpVerityRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            data: components["schemas"]["OtpVerityRespDto"];
        };
        /** @description The recovery code to spend. */
        MfaOtpRecoverDto: {
            /** @description The recovery code returned when OTP binding started, or by the last recovery. Missing, it is GenAuth's apiCode 6004. */
            recoveryCode: components["schemas"]["RecoveryCode"];
        };
        /** @description The new recovery code that replaces the spent one. */
        OtpRecoverRespDto: {
            /** @description The new one-time recovery code. Shown once; store it safely. */
            readonly recoveryCode: components["schemas"]["RecoveryCode"];
        };
        /** @description The recovery code was accepted and replaced. */
        MfaOtpRecoverRespDto: {
            statusCode: components["schemas"]["SuccessStatusCode"];
            message: components["schemas"]["SuccessMessage"];
            requestId?: components["schemas"]["RequestId"] | undefined;
            data: components["schemas"]["OtpRecoverRespDto"];
        };
        /**
         * @description GenAuth's error envelope, the only error shape on every operation. The HTTP status is still
         *     200: the failure is `statusCode`, refined by `apiCode`. It never carries `data`.
         */
        ErrorRespDto: {
            /**
             * @description GenAuth's status code for the failure (see the table in the introduction).
             * @example 400
             * @enum {integer}
             */
            statusCode: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 499 | 500 | 501 | 502 | 503 | 601 | 602 | 603;
            /**
             * @description What went wrong, naming the field or the limit. Never internals.
             * @example profile.phoneNumber is required when factorType is SMS
             */
            message: string;
            /**
             * @description A finer error code (see the table in the introduction). GenAuth uses dozens across its API,
             *     some of seven digits (2120008), so any positive integer is accepted; our targets send only
             *     the four-digit codes tabled in the introduction.
             * @example 6001
             */
            apiCode?: number | undefined;
            requestId?: components["schemas"]["RequestId"] | undefined;
        };
    };
    responses: never;
    parameters: {
        /**
         * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
         * @example 62a1ae5d7fd8a7d1d5e6b8f1
         */
        AuthingAppId: components["schemas"]["AppId"];
        /**
         * @description The application ID, as genauth-node-sdk sends it.
         * @example 62a1ae5d7fd8a7d1d5e6b8f1
         */
        GenAuthAppId: components["schemas"]["AppId"];
        /**
         * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
         *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
         *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
         *     their wording is this contract's own (see "Languages" in the introduction).
         * @example zh-CN
         */
        AuthingLang: string;
        /**
         * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
         * @example 62a1ae5d7fd8a7d1d5e6b8f0
         */
        AuthingUserpoolId: string;
        /**
         * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
         * @example Guard@5.3.0
         */
        AuthingRequestFrom: string;
        /**
         * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
         * @example 5.3.0
         */
        AuthingSdkVersion: string;
        /**
         * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
         * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
         */
        AuthingDeviceId: string;
        /**
         * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
         *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
         *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
         *     in the introduction).
         * @example zh-CN
         */
        GenAuthLang: string;
        /**
         * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
         * @example 62a1ae5d7fd8a7d1d5e6b8f0
         */
        GenAuthUserpoolId: string;
        /**
         * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
         * @example sdk
         */
        GenAuthRequestFrom: string;
        /**
         * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
         * @example gen-auth-node-sdk:1.0.0
         */
        GenAuthSdkVersion: string;
        /**
         * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
         * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
         */
        GenAuthDeviceId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Our targets' note that they served a request GenAuth accepts but they did not expect, rather than
         *     refusing it: one `<kind>=<subject>` per finding, comma-separated, the subject percent-encoded
         *     (UTF-8), at most 8 findings of at most 128 characters each. Kinds: `undocumented-field` (a body
         *     field GenAuth does not document, such as `profile.phonenumber`), `off-format` (a header or, on
         *     the mock, a body field that is not of our targets' shape, such as `x-authing-app-id` or
         *     `enrollmentToken`), and on the mock `body-over-limit` (the body's bytes, past 16384). Each such
         *     request is also logged once, as a warning. GenAuth sends no such header.
         * @example undocumented-field=profile.phonenumber
         */
        ContractWarning: string;
        /**
         * @description Enrollment tokens, secrets and QR codes must never be cached. GenAuth does not document this header; our targets always send it.
         * @example no-store
         */
        CacheControl: "no-store";
        /**
         * @description The request's ID, the same as the body's `requestId`; quote it when reporting a problem. GenAuth does not document this header; our targets always send it.
         * @example 934108e5-9fbf-4d24-8da1-c330328abd6c
         */
        RequestId: components["schemas"]["RequestId"];
    };
    pathItems: never;
}
export type AppId = components['schemas']['AppId'];
export type RequestId = components['schemas']['RequestId'];
export type FactorType = components['schemas']['FactorType'];
export type FactorId = components['schemas']['FactorId'];
export type EnrollmentToken = components['schemas']['EnrollmentToken'];
export type PassCode = components['schemas']['PassCode'];
export type TotpCode = components['schemas']['TotpCode'];
export type RecoveryCode = components['schemas']['RecoveryCode'];
export type PhoneNumber = components['schemas']['PhoneNumber'];
export type PhoneCountryCode = components['schemas']['PhoneCountryCode'];
export type Email = components['schemas']['Email'];
export type FactorProfile = components['schemas']['FactorProfile'];
export type SendEnrollFactorRequestDto = components['schemas']['SendEnrollFactorRequestDto'];
export type SendOtpEnrollFactorRequestDto = components['schemas']['SendOtpEnrollFactorRequestDto'];
export type SendSmsEnrollFactorRequestDto = components['schemas']['SendSmsEnrollFactorRequestDto'];
export type SendEmailEnrollFactorRequestDto = components['schemas']['SendEmailEnrollFactorRequestDto'];
export type SendFaceEnrollFactorRequestDto = components['schemas']['SendFaceEnrollFactorRequestDto'];
export type SendEnrollFactorRequestOtpDataDto = components['schemas']['SendEnrollFactorRequestOtpDataDto'];
export type SendEnrollFactorRequestDataDto = components['schemas']['SendEnrollFactorRequestDataDto'];
export type SuccessStatusCode = components['schemas']['SuccessStatusCode'];
export type SuccessMessage = components['schemas']['SuccessMessage'];
export type SendEnrollFactorRequestRespDto = components['schemas']['SendEnrollFactorRequestRespDto'];
export type EnrollFactorEnrollmentDataDto = components['schemas']['EnrollFactorEnrollmentDataDto'];
export type EnrollFactorDto = components['schemas']['EnrollFactorDto'];
export type EnrollOtpFactorDto = components['schemas']['EnrollOtpFactorDto'];
export type EnrollCodeFactorDto = components['schemas']['EnrollCodeFactorDto'];
export type EnrollFaceFactorDto = components['schemas']['EnrollFaceFactorDto'];
export type EnrollFactorRespDto = components['schemas']['EnrollFactorRespDto'];
export type FactorToEnrollDto = components['schemas']['FactorToEnrollDto'];
export type ListFactorsToEnrollRespDto = components['schemas']['ListFactorsToEnrollRespDto'];
export type OtpFactorProfileDto = components['schemas']['OtpFactorProfileDto'];
export type SmsFactorProfileDto = components['schemas']['SmsFactorProfileDto'];
export type EmailFactorProfileDto = components['schemas']['EmailFactorProfileDto'];
export type FaceFactorProfileDto = components['schemas']['FaceFactorProfileDto'];
export type OtpFactorDto = components['schemas']['OtpFactorDto'];
export type SmsFactorDto = components['schemas']['SmsFactorDto'];
export type EmailFactorDto = components['schemas']['EmailFactorDto'];
export type FaceFactorDto = components['schemas']['FaceFactorDto'];
export type FactorDto = components['schemas']['FactorDto'];
export type ListEnrolledFactorsRespDto = components['schemas']['ListEnrolledFactorsRespDto'];
export type GetFactorRespDto = components['schemas']['GetFactorRespDto'];
export type ResetFactorDto = components['schemas']['ResetFactorDto'];
export type ResetFactorRespDto = components['schemas']['ResetFactorRespDto'];
export type MfaOtpVerityDto = components['schemas']['MfaOtpVerityDto'];
export type OtpVerityRespDto = components['schemas']['OtpVerityRespDto'];
export type MfaOtpVerityRespDto = components['schemas']['MfaOtpVerityRespDto'];
export type MfaOtpRecoverDto = components['schemas']['MfaOtpRecoverDto'];
export type OtpRecoverRespDto = components['schemas']['OtpRecoverRespDto'];
export type MfaOtpRecoverRespDto = components['schemas']['MfaOtpRecoverRespDto'];
export type ErrorRespDto = components['schemas']['ErrorRespDto'];
export type ParameterAuthingAppId = components['parameters']['AuthingAppId'];
export type ParameterGenAuthAppId = components['parameters']['GenAuthAppId'];
export type ParameterAuthingLang = components['parameters']['AuthingLang'];
export type ParameterAuthingUserpoolId = components['parameters']['AuthingUserpoolId'];
export type ParameterAuthingRequestFrom = components['parameters']['AuthingRequestFrom'];
export type ParameterAuthingSdkVersion = components['parameters']['AuthingSdkVersion'];
export type ParameterAuthingDeviceId = components['parameters']['AuthingDeviceId'];
export type ParameterGenAuthLang = components['parameters']['GenAuthLang'];
export type ParameterGenAuthUserpoolId = components['parameters']['GenAuthUserpoolId'];
export type ParameterGenAuthRequestFrom = components['parameters']['GenAuthRequestFrom'];
export type ParameterGenAuthSdkVersion = components['parameters']['GenAuthSdkVersion'];
export type ParameterGenAuthDeviceId = components['parameters']['GenAuthDeviceId'];
export type HeaderContractWarning = components['headers']['ContractWarning'];
export type HeaderCacheControl = components['headers']['CacheControl'];
export type HeaderRequestId = components['headers']['RequestId'];
export type $defs = Record<string, never>;
export interface operations {
    sendEnrollFactorRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendEnrollFactorRequestDto"];
            };
        };
        responses: {
            /** @description The enrollment token (and OTP data), or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendEnrollFactorRequestRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    enrollFactor: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrollFactorDto"];
            };
        };
        responses: {
            /** @description The factor is bound, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollFactorRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    listFactorsToEnroll: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The factor types that can be bound, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListFactorsToEnrollRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    listEnrolledFactors: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bound factors, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnrolledFactorsRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    getFactor: {
        parameters: {
            query: {
                /**
                 * @description The factor's ID, as `listEnrolledFactors` returns it.
                 * @example 6571c1f8a3d2e4b5c6d7e8f9
                 */
                factorId: components["schemas"]["FactorId"];
            };
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The factor, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetFactorRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    resetFactor: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetFactorDto"];
            };
        };
        responses: {
            /** @description The factor is unbound, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetFactorRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    mfaOtpVerify: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaOtpVerityDto"];
            };
        };
        responses: {
            /** @description The TOTP was accepted, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaOtpVerityRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
    mfaOtpRecover: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The application ID, as GenAuth's `authing-node-sdk` sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-authing-app-id"?: components["parameters"]["AuthingAppId"];
                /**
                 * @description The application ID, as genauth-node-sdk sends it.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f1
                 */
                "x-genauth-app-id"?: components["parameters"]["GenAuthAppId"];
                /**
                 * @description The language of the answer's `message`, as GenAuth's Guard (its default language header) and
                 *     authing-node-sdk's management client send it, e.g. `zh-CN` or `en-US`. `x-genauth-lang` wins when
                 *     both are sent. The mock and the reference server answer in `en-US` (the default) or `zh-CN`;
                 *     their wording is this contract's own (see "Languages" in the introduction).
                 * @example zh-CN
                 */
                "x-authing-lang"?: components["parameters"]["AuthingLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Guard sends it on every request. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-authing-userpool-id"?: components["parameters"]["AuthingUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Guard sends it (`Guard@<version>`). Ignored by the mock and the reference server.
                 * @example Guard@5.3.0
                 */
                "x-authing-request-from"?: components["parameters"]["AuthingRequestFrom"];
                /**
                 * @description The sending SDK's version, as GenAuth's Guard sends it. Ignored by the mock and the reference server.
                 * @example 5.3.0
                 */
                "x-authing-sdk-version"?: components["parameters"]["AuthingSdkVersion"];
                /**
                 * @description The browser's device ID, as GenAuth's Guard sends it once it has one. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-authing-device-id"?: components["parameters"]["AuthingDeviceId"];
                /**
                 * @description The language of the answer's `message`, as genauth-node-sdk's management client (default `zh-CN`)
                 *     and GenAuth's Python SDK send it. It wins over `x-authing-lang`. The mock and the reference server
                 *     answer in `en-US` (the default) or `zh-CN`; their wording is this contract's own (see "Languages"
                 *     in the introduction).
                 * @example zh-CN
                 */
                "x-genauth-lang"?: components["parameters"]["GenAuthLang"];
                /**
                 * @description The user pool's ID, as GenAuth's Python SDK sends it. Ignored by the mock and the reference server.
                 * @example 62a1ae5d7fd8a7d1d5e6b8f0
                 */
                "x-genauth-userpool-id"?: components["parameters"]["GenAuthUserpoolId"];
                /**
                 * @description Which client sent the request, as GenAuth's Python SDK sends it (`sdk`); genauth-node-sdk names the header for white-label use. Ignored by the mock and the reference server.
                 * @example sdk
                 */
                "x-genauth-request-from"?: components["parameters"]["GenAuthRequestFrom"];
                /**
                 * @description The sending SDK's version, as genauth-node-sdk sends it (`gen-auth-node-sdk:<version>`). Ignored by the mock and the reference server.
                 * @example gen-auth-node-sdk:1.0.0
                 */
                "x-genauth-sdk-version"?: components["parameters"]["GenAuthSdkVersion"];
                /**
                 * @description The `x-genauth-` counterpart of `x-authing-device-id`. No GenAuth client was seen sending it; it is declared by analogy, so that a client that does is described. Ignored by the mock and the reference server.
                 * @example b2a7c0f6-3f1e-4d0a-9c55-2e8f1d6a7b34
                 */
                "x-genauth-device-id"?: components["parameters"]["GenAuthDeviceId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaOtpRecoverDto"];
            };
        };
        responses: {
            /** @description The recovery code was accepted and replaced, or an error envelope. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "X-Contract-Warning": components["headers"]["ContractWarning"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaOtpRecoverRespDto"] | components["schemas"]["ErrorRespDto"];
                };
            };
        };
    };
}
type WithRequired<T, K extends keyof T> = T & {
    [P in K]-?: T[P];
};
