import type { enUS } from "./en-US.ts";

// Where GenAuth shows its own Chinese wording, it is used here, word for word where it fits:
// - 操作成功: the success message of GenAuth's (then Authing's) Chinese SDK reference, e.g.
//   https://github.com/Authing/docs/blob/44fc8eafb435149fbcac71842e5bdd9a0f842901/docs/reference-new/sdk-v5/node/authentication/mfa-要素管理/enroll-factor.md
// - 尚未登录，无权限访问此请求 (2020), 用户未登录 (401), 请求体过大 (413), 找不到资源 (404),
//   Totp 码错误 (6001), Totp 恢复码错误 (6002), 人脸已被绑定 (1706), 您的请求已超过最大数量限制，请稍后重试 (429):
//   GenAuth's error-code page, https://github.com/GenAuth-Official/genauth-docs/blob/70ebb78f54657f27735602a327e4bb03b1918037/docs/reference/error-code.md
// - 安全码, 验证码, 恢复代码 and 认证要素 are the terms of GenAuth's Guard and its SDK reference.
// The rest is ours, in the same register.

/** Every user-facing message, in zh-CN. A key missing here fails type-checking and a test. */
export const zhCN: Record<keyof typeof enUS, string> = {
  success: "操作成功",

  noAccessToken: "尚未登录，无权限访问此请求：Authorization 请求头中没有访问令牌",
  bodyTooLarge: "请求体过大：超过了 {limit} 字节的上限",
  bodyRequired: "缺少请求体：请发送一个 JSON 对象",
  bodyNotJson: "请求体不是合法的 JSON：{reason}",
  bodyForbiddenKey: "请求体中含有禁止使用的 __proto__ 或 constructor 键",
  contentTypeNotJson: "Content-Type 必须是 application/json，而不是 {contentType}",
  contentLengthMismatch: "Content-Length 请求头与请求体的长度不符",
  urlMalformed: "URL 格式错误",
  notServed: "{method} {path} 上没有提供任何接口",
  notImplemented: "此接口已在契约中声明，但本服务器尚未实现",
  internalError: "服务器内部错误",

  theRequestBody: "请求体",
  theHeaders: "请求头",
  theQueryString: "查询字符串",
  fieldRequired: "缺少必填字段 {field}",
  fieldRequiredWhen: "{tag} 为 {value} 时，{field} 为必填字段",
  fieldUnknown: "{field} 不是可识别的字段",
  fieldNotObject: "{field} 必须是 JSON 对象",
  fieldWrongType: "{field} 的类型必须是 {type}",
  fieldNotOneOf: "{field} 必须是以下值之一：{allowed}",
  fieldNotConst: "{field} 必须为 {value}",
  fieldPattern: "{field} 必须符合格式 \"{pattern}\"",
  fieldFormat: "{field} 必须是有效的 {format}",
  fieldTooLong: "{field} 最多 {limit} 个字符",
  fieldTooShort: "{field} 至少 {limit} 个字符",
  fieldInvalid: "{field} 无效（{reason}）",

  tokenNoSub: "用户未登录：访问令牌缺少 sub 声明",
  tokenSubRejected: "用户未登录：访问令牌的 sub 声明不被接受，它必须是 1 到 {max} 个字符的字符串",
  tokenTooOld: "未授权：访问令牌的签发时间早于本服务接受的最长期限",
  tokenNotAccessToken: "未授权：该令牌不是访问令牌（{mark}）",
  tokenExpired: "用户未登录：访问令牌已过期",
  tokenBadSignature: "用户未登录：访问令牌的签名校验失败",
  tokenClaimRejected: "用户未登录：访问令牌的 {claim} 声明不被接受",
  tokenUnknownKey: "用户未登录：访问令牌的签名密钥不在签发方公布的密钥中",
  tokenAlgorithmRejected: "用户未登录：访问令牌使用了不被接受的签名算法",
  tokenNotJwt: "用户未登录：访问令牌不是有效的 JWT",
  issuerKeysUnavailable: "暂时无法校验访问令牌：无法获取签发方的公钥",

  factorDisabled: "此应用未启用 {factorType} 类型的认证要素",
  factorAlreadyBound: "此用户已绑定 {factorType} 类型的认证要素，请先解绑再绑定新的",
  faceAlreadyBound: "人脸已被绑定，请先解绑再绑定新的",
  phoneNumberInvalid: "profile.phoneNumber 不是国际区号 {callingCode} 下的有效手机号",
  phoneCodeSentRecently: "您的请求已超过最大数量限制：一分钟内已向此手机号发送过验证码，请在 {seconds} 秒后重试",
  emailCodeSentRecently: "您的请求已超过最大数量限制：一分钟内已向此邮箱发送过验证码，请在 {seconds} 秒后重试",
  smsRefusedNonGeographic: "不向国际区号 +{callingCode} 发送短信验证码（国际付费、卫星及其他非地理号段一律拒绝）",
  smsRefusedPremiumRate: "不向付费号码发送短信验证码（{where}）",
  smsRefusedSharedCost: "不向分摊付费号码发送短信验证码（{where}）",
  smsRefusedCountry: "不向 {country}（+{callingCode}）发送短信验证码；此应用只向以下地区发送：{allowed}",
  smsRefusedCallingCode: "不向国际区号 +{callingCode} 发送短信验证码；此应用只向以下地区发送：{allowed}",
  smsCodes: "短信验证码",
  emailCodes: "邮件验证码",
  oneSmsCode: "1 条短信验证码",
  oneEmailCode: "1 封邮件验证码",
  someSmsCodes: "{n} 条短信验证码",
  someEmailCodes: "{n} 封邮件验证码",
  userHourlyCodeCap: "您的请求已超过最大数量限制：此用户在过去一小时内已收到 {count}，已达上限；请在 {seconds} 秒后重试",
  userDailyCodeCap: "您的请求已超过最大数量限制：此用户在过去 24 小时内已收到 {count}，已达上限；请在 {seconds} 秒后重试",
  globalCodeCap: "您的请求已超过最大数量限制：当前发送的{what}过多（每分钟最多 {limit} 条）；请在 {seconds} 秒后重试",
  smsGatewayUnreachable: "验证码发送失败：无法连接短信网关，请重试",
  emailGatewayUnreachable: "验证码发送失败：无法连接邮件网关，请重试",
  smsGatewayUnconfirmed: "验证码发送失败：短信网关未确认此消息。验证码仍可能送达；如未收到，请在 {seconds} 秒后重新获取",
  emailGatewayUnconfirmed: "验证码发送失败：邮件网关未确认此消息。验证码仍可能送达；如未收到，请在 {seconds} 秒后重新获取",
  smsGatewayError: "验证码发送失败：短信网关返回了错误。验证码仍可能送达；如未收到，请在 {seconds} 秒后重新获取",
  emailGatewayError: "验证码发送失败：邮件网关返回了错误。验证码仍可能送达；如未收到，请在 {seconds} 秒后重新获取",
  smsGatewayRefused: "验证码发送失败：短信网关拒绝了此消息，请重试",
  emailGatewayRefused: "验证码发送失败：邮件网关拒绝了此消息，请重试",

  enrollmentTokenUnknown: "enrollmentToken 无效，请调用 sendEnrollFactorRequest 重新获取",
  enrollmentTokenOfAnotherUser: "enrollmentToken 是签发给其他用户的",
  enrollmentTokenOtherFactorType: "enrollmentToken 是为 factorType {issued} 签发的，而不是 {requested}",
  enrollmentTokenUsed: "enrollmentToken 已被使用，请重新获取",
  enrollmentTokenRevoked: "enrollmentToken 已因 {attempts} 次验证码错误被吊销，请重新获取",
  enrollmentTokenExpired: "enrollmentToken 已过期（有效期为 {seconds} 秒），请重新获取",
  attemptsLeft: "还可尝试 {count} 次",
  enrollmentTokenNowRevoked: "enrollmentToken 现已被吊销",
  enrollTotpIncorrect: "Totp 码错误，请输入验证器当前显示的安全码（{tail}）",
  passCodeIncorrect: "验证码错误；{tail}",

  factorNotFound: "找不到资源：此用户没有绑定该 factorId 对应的认证要素",
  otpNotBound: "此用户尚未绑定 OTP 认证要素",
  totpIncorrect: "Totp 码错误，请输入验证器当前显示的安全码",
  totpReplayed: "Totp 码错误：此安全码已被使用过，请等待验证器显示下一个安全码",
  recoveryCodeIncorrect: "Totp 恢复码错误，或此恢复代码已被使用",
  tooManyIncorrectCodes: "错误次数过多，请在 {seconds} 秒后重试",
  stepUpRequired: "此操作需要先验证已绑定的验证器：请调用 mfa-totp-verify 验证安全码（或使用恢复代码），然后在 {seconds} 秒内重试",

  codeText: "您的验证码是 {code}，{seconds} 秒内有效。如果您没有申请设置双因素认证，请忽略此消息。",

  outboxRecipientRequired: "缺少 to 参数：请传入 E.164 格式的手机号（如 +8618812345678）或邮箱地址",
  outboxLoopbackOnly: "开发发件箱只响应发往本机回环地址（127.0.0.1、localhost、[::1]）的请求",

  mockUnknownExample: "Prefer 指定的示例 \"{name}\" 在 {operationId} 中不存在；可用的示例有：{known}",
  mockUpstreamFailed: "模拟服务无法响应 {operationId}（Prism 返回了 HTTP {status}）",
  mockGenerationFailed: "模拟服务无法为 {operationId} 生成有效的响应；请使用 Prefer: example=<name>",
  mockDynamicRefused: "此模拟服务不支持 Prefer: dynamic，它的响应体是契约中的示例；如需生成的响应体，请以 --dynamic 启动，它会按契约校验生成的内容",
  mockFailed: "模拟服务响应失败；请查看其控制台输出",
};
