// GenAuth's own published samples, copied as they are documented, each with the page it comes from.
// They are the contract's ground truth: what GenAuth documents must pass it. The only repairs are the
// ones JSON needs (the error-code page's `//` comments are dropped, and its `// ... 省略具体数据`
// elided data is an empty object).

// The repositories at the commits the samples were read at.
const GENAUTH_DOCS_355D59F = "https://github.com/GenAuth-Official/genauth-docs/blob/355d59ff06caa780a75e8d1ed863dfe4fc47f9a4";
const GENAUTH_DOCS_70EBB78 = "https://github.com/GenAuth-Official/genauth-docs/blob/70ebb78f54657f27735602a327e4bb03b1918037";
const AUTHING_DOCS_44FC8EA = "https://github.com/Authing/docs/blob/44fc8eafb435149fbcac71842e5bdd9a0f842901";

const DOCS = `${GENAUTH_DOCS_355D59F}/docs/reference/sdk/node/authentication/mfa-要素管理`;
const ERROR_CODES = `${GENAUTH_DOCS_70EBB78}/docs/reference/error-code.md`;
// genauth-docs' own copy of this sample is cut off mid-token; Authing's (GenAuth's former name) is whole.
const SEND_OTP = `${AUTHING_DOCS_44FC8EA}/docs/reference-new/sdk-v5/node/authentication/mfa-要素管理/send-enroll-factor-request.md`;
// The code lengths and placeholders GenAuth's own clients use (see PassCode in openapi.yaml).
const GUARD_SMS_CODE_LENGTH =
  "https://github.com/Authing/Guard/blob/10549dc87328549644dd29d440c6c0339822dd02/packages/guard-core-v4/src/MFA/core/sms.tsx";
const JAVA_SDK_TEST = "https://github.com/Authing/authing-java-sdk";
const VERIFY = `${GENAUTH_DOCS_70EBB78}/docs/reference/sdk/node/authentication/mfa-要素管理/mfa-totp-verify.md`;

/** One documented sample: a request body or query, or a response body, of one operation. */
export interface GenAuthSample {
  name: string;
  source: string;
  operationId: string;
  kind: "request" | "query" | "response";
  value: unknown;
  /** Set when GenAuth's sample contradicts its own table: the sample is kept, and must fail. */
  contradicted?: string;
}

const TOKEN =
  "TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrw" +
  "mzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=";
const OK = { statusCode: 200, message: "Operation successful", requestId: "934108e5-9fbf-4d24-8da1-c330328abd6c" };
const SMS_FACTOR = {
  factorId: "6229ffaxxxxxxxxcade3e3d9",
  factorType: "SMS",
  profile: { phoneNumber: "188xxxx8888", phoneCountryCode: "+86" },
};
const QR_PNG = [
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAOQAAADkCAYAAACIV4iNAAAAAklEQVR4AewaftIAAAxSSURBVO3BQW4ERxLAQLKh/3+Z62OeCmjMSC4vMs",
  "L+wVrrCg9rrWs8rLWu8bDWusbDWusaD2utazysta7xsNa6xsNa6xoPa61rPKy1rvGw1rrGw1rrGg9rrWs8rLWu8bDWusYPH1L5SxWTyknFJ1SmihOVqeINlU9UnKhMFZ",
  "PKJyo+oTJVnKhMFZPKX6r4xMNa6xoPa61rPKy1rvHDl1V8k8obFZPKVPEJlW9SeaNiUplUpoqpYlKZKk5Upoo3VKaKE5VvqvgmlW96WGtd42GtdY2HtdY1fvhlKm9UvF",
  "ExqZyoTBVvVJyonKicVEwqk8pJxSdU3lA5qZgqJpWTiknlm1TeqPhND2utazysta7xsNa6xg//cSqfUDmpOFGZKiaVqeKNihOVE5WpYqo4UTmpOFGZKqaKSeWNiv8nD2",
  "utazysta7xsNa6xg//cRUnKicVk8qkMlVMFW+oTBUnKm+onKicVEwVk8o3qbxR8f/sYa11jYe11jUe1lrX+OGXVfwllW+qmFROKt5QeaPiDZWpYlI5UTlROal4o2JSmS",
  "q+qeImD2utazysta7xsNa6xg9fpvKXVKaKSWWqmFSmikllqphU3qiYVKaKSeVEZar4TRWTylQxqUwV36QyVZyo3OxhrXWNh7XWNR7WWtf44UMVN1GZKt5Q+YTKicpU8Y",
  "mKT1ScVEwqb1RMKlPFpDJVTCpvVPyXPKy1rvGw1rrGw1rrGj98SGWqmFROKiaVNyomlROVqeITFd+kcqLyTSpvVJyoTBXfVPGGylRxojJVTConFZ94WGtd42GtdY2Htd",
  "Y1fvhQxaQyVUwqJxVvqPwllaniEyonFb+pYlJ5Q2WqmFR+k8pJxaQyVdzkYa11jYe11jUe1lrXsH/wAZWpYlL5SxWTyknFpDJVnKhMFScqU8WJylTxhspJxaQyVUwqn6",
  "h4Q2WqmFT+UsWkMlV84mGtdY2HtdY1HtZa17B/8ItUporfpDJVTConFZPKScWk8omKSWWqOFF5o+I3qXyi4g2VqeJEZar4Nz2sta7xsNa6xsNa6xo/XE7ljYqTikllUj",
  "mpmFSmikllqjhRmSomlZOKSeVE5aTiJipTxVQxqZxUTCpTxaRyUvGJh7XWNR7WWtd4WGtd44cvU5kqJpU3KiaVE5WTipOKSeU3qUwVk8obKlPFicpfqnhDZaqYVKaKqW",
  "JSOamYVKaKSeWbHtZa13hYa13jYa11jR/+WMWkMlVMKlPFpHJSMalMFZPKJ1SmikllqnijYlKZKiaVk4pJZVKZKiaVv6TyhsqJyknFpDJVfNPDWusaD2utazysta5h/+",
  "CLVE4qJpWTiknlpOJE5aRiUjmp+E0qJxVvqEwVb6hMFZPKGxVvqJxUvKHyiYpvelhrXeNhrXWNh7XWNX74sopvUpkqTlSmiqliUplUpopPqLxRcVIxqZxUvKEyVfwmla",
  "liUpkqJpUTlU9UnKhMFZ94WGtd42GtdY2HtdY1fviQylQxqUwVb1ScqPwllZOKT6icqJxUnFScVJxUfKLijYqTijcqJpUTlaniNz2sta7xsNa6xsNa6xo//MsqJpVJZa",
  "o4qXij4ptUPlHxTSpTxaQyVUwqU8UbFScqU8Wk8kbFicobFX/pYa11jYe11jUe1lrX+OFDFZPKJypOVD6hclLxRsWJylTxCZWTiqniN6m8oTJVTCpvVEwqb1RMKv+mh7",
  "XWNR7WWtd4WGtd44cPqbyhclIxqUwVb6icVEwqJxWfUDmpmFR+U8WkMlVMKlPFpDKpfKLimypu9rDWusbDWusaD2uta9g/+EUqU8WkclIxqUwVb6icVEwqb1R8QuWkYl",
  "I5qThR+aaKE5WpYlKZKiaVqeJE5aTiDZWp4pse1lrXeFhrXeNhrXWNH75MZar4hMqJyhsVk8obFScqJxWTylQxqUwqb6hMFScVk8pUMal8QmWqeEPlEypTxaTylx7WWt",
  "d4WGtd42GtdY0fvqziROWk4g2Vk4qTipOKSeWNikllqnij4g2VT1RMKicqn1CZKt6oeENlUpkqJpXf9LDWusbDWusaD2uta/zwIZU3KiaVE5Wp4g2VqeKbKk5UpopvUp",
  "kqTlSmikllqpgq3lCZKiaVqeKkYlI5UZkqPlExqUwVn3hYa13jYa11jYe11jV++FDFpDJVTCpvVLxRcaJyUvGGylQxVZyoTBVvVLxRMalMFZPKScVJxRsqU8Wk8kbFGx",
  "X/poe11jUe1lrXeFhrXeOHD6l8k8o3qZxUnKhMFZPKpDJVfJPKb1KZKt5QmSomlaliUvmEyidUpopJ5Tc9rLWu8bDWusbDWusaP3yoYlKZVE4q3lCZKiaVqWJSOVGZKk",
  "4q3lB5o+INlROVqeI3qUwVJxVvVLyhMlVMKv+mh7XWNR7WWtd4WGtd44dfVjGpnKicVEwqU8Wk8k0qU8WkMlVMFZPKGypTxVTxhspUMal8omJSmSomlaliqjhRmSreqJ",
  "hUTiq+6WGtdY2HtdY1HtZa1/jhyyomlaliUjmp+C9TmSqmikllqpgqJpU3KqaKSWWqeEPlpOITKp+o+ETFpDJVfOJhrXWNh7XWNR7WWtf44UMqU8VU8QmVqeKbVP6Syl",
  "TxhspUMalMFScqv0llqphUpopJZaqYVKaKE5WTiqliUvlND2utazysta7xsNa6xg8fqjhRmSreqPimiknljYo3Kk5U3qg4qfhNKr9JZao4qZhUpoqp4kTl3/Sw1rrGw1",
  "rrGg9rrWvYP/gilaliUjmpmFQ+UTGpfFPFpDJVTCpTxYnKScWkclLxhspU8QmVqeINlaniROWk4g2Vk4pPPKy1rvGw1rrGw1rrGj/8yyomlaliUvlNFScqJxXfVPFGxS",
  "dUTlSmiknlDZWp4t+kMlVMFb/pYa11jYe11jUe1lrX+OGXqUwVb6hMFW+onFS8UTGpnFS8ofKJikllqphU3qiYVN6omFS+SWWqmFROKk5UTio+8bDWusbDWusaD2uta/",
  "zwyyomlZOKN1Q+oTJVTConFZPKJyomlaliUvmmiknlExWTyhsqn1B5Q+Xf9LDWusbDWusaD2uta/zwIZWpYlKZKk5UTiq+qWJSOamYVE5UpooTlaniN1V8ouJEZaqYVC",
  "aVv6TyRsVvelhrXeNhrXWNh7XWNX74MpWp4kRlqjhRmSpOVD5RMalMFScqJyqfqJhUTlROKqaKSeVmFW+oTBWTyl96WGtd42GtdY2HtdY1fvhQxaTyRsWkclIxqUwVU8",
  "UnVN5QmSpOKiaVSWWqmFSmikllqphUTlROKiaVT1RMKlPFpDJVTCpTxVTxhspU8U0Pa61rPKy1rvGw1rrGD79M5aRiqnij4kRlqphUpooTlUllqnhD5b9MZao4UTlRmS",
  "pOKiaVE5Wp4qRiUplUpopPPKy1rvGw1rrGw1rrGj98SOWNijdUpopvqjhROamYVKaKk4oTlUnlROWNiknlpGJSOVGZKk5U3lD5hMpJxUnFNz2sta7xsNa6xsNa6xr2D/",
  "7DVKaKE5Wp4i+pnFRMKlPFGypTxaQyVZyofKJiUpkq3lCZKt5QmSreUJkqPvGw1rrGw1rrGg9rrWv88CGVv1RxojJVnKicVJyofKLiEypTxYnKGyonFW+o/CWVqeINla",
  "liqvimh7XWNR7WWtd4WGtd44cvq/gmlTcqJpWp4kRlUpkqvkllqnij4o2KE5WTijdUpopJ5URlqnij4r/kYa11jYe11jUe1lrX+OGXqbxR8UbFpPKJihOVk4o3VCaVE5",
  "WbqLyhMlW8oXKi8gmVN1Smik88rLWu8bDWusbDWusaP/zHqUwVv6liUplU3qg4UZkqvkllqvhNFZPKScWJylQxqfyXPKy1rvGw1rrGw1rrGj/8n1GZKk5UTiomlaniDZ",
  "XfpDJVnFR8omJSeaPiRGWqmCpOKiaVNyomlanimx7WWtd4WGtd42GtdY0fflnFb6qYVN6omFQmld+k8obKVDFVTConFZPKVDGpTBVTxaRyojJVTBVvqJxUvKEyVfymh7",
  "XWNR7WWtd4WGtd44cvU/lLKlPFpHJSMVW8oTJVfFPFicpJxYnKVDGpTBUnKlPFpDJVTConFZPKVPEJlaliUjmp+MTDWusaD2utazysta5h/2CtdYWHtdY1HtZa13hYa1",
  "3jYa11jYe11jUe1lrXeFhrXeNhrXWNh7XWNR7WWtd4WGtd42GtdY2HtdY1HtZa13hYa13jf5JXo0uhVRYoAAAAAElFTkSuQmCC",
].join("");

export const samples: GenAuthSample[] = [
  // sendEnrollFactorRequest
  {
    name: "the SMS request of the Node SDK sample, with a redacted number and an email besides",
    source: `${DOCS}/send-enroll-factor-request.md`,
    operationId: "sendEnrollFactorRequest",
    kind: "request",
    value: { factorType: "SMS", profile: { phoneNumber: "188xxxx8888", phoneCountryCode: "+86", email: "test@example.com" } },
  },
  {
    name: "the OTP answer, with a placeholder secret",
    source: SEND_OTP,
    operationId: "sendEnrollFactorRequest",
    kind: "response",
    value: {
      statusCode: 200,
      message: "操作成功",
      requestId: "934108e5-9fbf-4d24-8da1-c330328abd6c",
      data: {
        enrollmentToken: TOKEN,
        otpData: {
          qrCodeUri: "otpauth://totp/userPoolName:test?secret=xxxx&period=30&digits=6&algorithm=SHA1&issuer=userPoolName",
          qrCodeDataUrl: QR_PNG,
          recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141",
        },
      },
    },
  },
  // enrollFactor
  {
    name: "the SMS binding of the Node SDK sample",
    source: `${DOCS}/enroll-factor.md`,
    operationId: "enrollFactor",
    kind: "request",
    value: { factorType: "SMS", enrollmentToken: TOKEN, enrollmentData: { passCode: "123456" } },
  },
  {
    name: "a FACE binding made of the EnrollFactorEnrollmentDataDto table's sample values",
    source: `${DOCS}/enroll-factor.md`,
    operationId: "enrollFactor",
    kind: "request",
    value: { factorType: "FACE", enrollmentToken: TOKEN, enrollmentData: { photo: "132434235ad244", isExternalPhoto: true } },
  },
  { name: "the binding's answer", source: `${DOCS}/enroll-factor.md`, operationId: "enrollFactor", kind: "response", value: OK },
  // listFactorsToEnroll
  {
    name: "the sample answer, whose data is one object",
    source: `${DOCS}/list-factors-to-enroll.md`,
    operationId: "listFactorsToEnroll",
    kind: "response",
    value: { ...OK, data: { factorType: "SMS" } },
    contradicted: "the page's own table types data as an array (MFA Factor list)",
  },
  // listEnrolledFactors
  {
    name: "the sample answer, whose data is one factor",
    source: `${DOCS}/list-enrolled-factors.md`,
    operationId: "listEnrolledFactors",
    kind: "response",
    value: { ...OK, data: SMS_FACTOR },
    contradicted: "the page's own table types data as an array (MFA Factor list)",
  },
  {
    name: "the sample answer's factor, in the array the table documents",
    source: `${DOCS}/list-enrolled-factors.md`,
    operationId: "listEnrolledFactors",
    kind: "response",
    value: { ...OK, data: [SMS_FACTOR] },
  },
  // getFactor
  {
    name: "the Node SDK sample's implicit EMAIL factor ID",
    source: `${DOCS}/get-factor.md`,
    operationId: "getFactor",
    kind: "query",
    value: { factorId: "635391f4xxxxxx6bba26ed4|email" },
  },
  {
    name: "the request table's factor ID",
    source: `${DOCS}/get-factor.md`,
    operationId: "getFactor",
    kind: "query",
    value: { factorId: "6229ffaxxxxxxxxcade3e3d9" },
  },
  {
    name: "the SMS factor answer",
    source: `${DOCS}/get-factor.md`,
    operationId: "getFactor",
    kind: "response",
    value: { ...OK, data: SMS_FACTOR },
  },
  // resetFactor
  {
    name: "the Node SDK sample",
    source: `${DOCS}/reset-factor.md`,
    operationId: "resetFactor",
    kind: "request",
    value: { factorId: "6229ffaxxxxxxxxcade3e3d9" },
  },
  { name: "the answer", source: `${DOCS}/reset-factor.md`, operationId: "resetFactor", kind: "response", value: OK },
  // mfaOtpVerify
  { name: "the request table's sample", source: VERIFY, operationId: "mfaOtpVerify", kind: "request", value: { totp: "612311" } },
  { name: "the answer", source: VERIFY, operationId: "mfaOtpVerify", kind: "response", value: { ...OK, data: { verified: true } } },
  // The error-code page: its envelopes hold for every operation.
  ...[
    "sendEnrollFactorRequest",
    "enrollFactor",
    "listFactorsToEnroll",
    "listEnrolledFactors",
    "getFactor",
    "resetFactor",
    "mfaOtpVerify",
  ].flatMap((operationId) => [
    {
      name: "a 429 without apiCode or requestId",
      source: ERROR_CODES,
      operationId,
      kind: "response" as const,
      value: { statusCode: 429, message: "您的请求已超过最大数量限制，请稍后重试" },
    },
    {
      name: "a 403 with apiCode 2333 and a non-UUID requestId",
      source: ERROR_CODES,
      operationId,
      kind: "response" as const,
      value: {
        statusCode: 403,
        apiCode: 2333,
        message: "Account not exists or password is incorrect.",
        requestId: "xxxxxx-xxxxxx-xxxxxx-xxxxxx",
      },
    },
    {
      name: "a 403 with a seven-digit apiCode",
      source: ERROR_CODES,
      operationId,
      kind: "response" as const,
      value: { statusCode: 403, apiCode: 2120008, message: "用户已停用或不是此租户成员" },
    },
  ]),
  // What GenAuth's own clients send and GenAuth's own answers hold, beyond the documentation's
  // samples: each must pass at GenAuth's level, though our targets would send otherwise.
  ...["SMS", "EMAIL"].flatMap((factorType) => [
    {
      name: `a Guard-style 4-digit ${factorType} code`,
      source: GUARD_SMS_CODE_LENGTH,
      operationId: "enrollFactor",
      kind: "request" as const,
      value: { factorType, enrollmentToken: TOKEN, enrollmentData: { passCode: "8705" } },
    },
    {
      name: `the Java SDK test's 3-character ${factorType} code`,
      source: JAVA_SDK_TEST,
      operationId: "enrollFactor",
      kind: "request" as const,
      value: { factorType, enrollmentToken: TOKEN, enrollmentData: { passCode: "123" } },
    },
  ]),
  {
    name: "the Java SDK test's placeholder enrollment token",
    source: JAVA_SDK_TEST,
    operationId: "enrollFactor",
    kind: "request",
    value: { factorType: "EMAIL", enrollmentToken: "xxx", enrollmentData: { passCode: "123" } },
  },
  {
    name: "an OTP answer carrying the sample's own data URL and a placeholder token",
    source: SEND_OTP,
    operationId: "sendEnrollFactorRequest",
    kind: "response",
    value: {
      ...OK,
      data: {
        enrollmentToken: "xxx",
        otpData: { qrCodeUri: "otpauth://totp/userPoolName:test?secret=xxxx", qrCodeDataUrl: QR_PNG, recoveryCode: "xxxx" },
      },
    },
  },
  {
    name: "an SMS factor whose phoneCountryCode is null",
    source: `${DOCS}/get-factor.md`,
    operationId: "getFactor",
    kind: "response",
    value: { ...OK, data: { ...SMS_FACTOR, profile: { phoneNumber: "188xxxx8888", phoneCountryCode: null } } },
  },
  {
    name: "an EMAIL request for an internationalised address, which the SDKs type as a plain string",
    source: `${DOCS}/send-enroll-factor-request.md`,
    operationId: "sendEnrollFactorRequest",
    kind: "request",
    value: { factorType: "EMAIL", profile: { email: "张三@例子.中国" } },
  },
  {
    name: "an SMS request with fields GenAuth does not document, at the top and in the profile",
    source: `${DOCS}/send-enroll-factor-request.md`,
    operationId: "sendEnrollFactorRequest",
    kind: "request",
    value: { factorType: "SMS", profile: { phoneNumber: "18812345678", phonenumber: "18812345678" }, clientHint: true },
  },
  {
    name: "a binding with fields GenAuth does not document, in enrollmentData too",
    source: `${DOCS}/enroll-factor.md`,
    operationId: "enrollFactor",
    kind: "request",
    value: { factorType: "OTP", enrollmentToken: TOKEN, enrollmentData: { passCode: "012345", extra: 1 }, extra: "x" },
  },
  {
    name: "a TOTP check with a field GenAuth does not document",
    source: VERIFY,
    operationId: "mfaOtpVerify",
    kind: "request",
    value: { totp: "012345", extra: 1 },
  },
  {
    name: "a reset with a field GenAuth does not document",
    source: `${DOCS}/reset-factor.md`,
    operationId: "resetFactor",
    kind: "request",
    value: { factorId: "6229ffaxxxxxxxxcade3e3d9", extra: 1 },
  },
  // The success with an empty message and elided data: the operations whose success carries no data
  // of their own accept it.
  ...["enrollFactor", "resetFactor"].map((operationId) => ({
    name: "a success with an empty message",
    source: ERROR_CODES,
    operationId,
    kind: "response" as const,
    value: { statusCode: 200, message: "", data: {} },
  })),
];
