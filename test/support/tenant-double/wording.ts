import { API_CODES } from "../../../generated/api-codes.ts";

/** The languages this tenant words its messages in. */
export type TenantLanguage = "zh-CN" | "en-US";

type Words = Readonly<Record<TenantLanguage, string>>;

// The tenant's own catalogue, short and generic as a tenant's gateway words things: it names the
// kind of failure, never the field. GenAuth leaves the wording to the tenant, so these words differ
// on purpose from the reference server's catalogue in src/messages/, which names fields.
const BY_STATUS_CODE: Readonly<Record<number, Words>> = {
  200: { "zh-CN": "成功", "en-US": "Success" },
  400: { "zh-CN": "参数错误", "en-US": "Invalid parameters" },
  401: { "zh-CN": "未登录或登录已过期", "en-US": "Not signed in, or the session has expired" },
  402: { "zh-CN": "当前套餐不支持此功能", "en-US": "Your plan does not include this feature" },
  403: { "zh-CN": "无权执行此操作", "en-US": "You may not do this" },
  404: { "zh-CN": "资源不存在", "en-US": "Not found" },
  409: { "zh-CN": "资源已存在", "en-US": "Already exists" },
  413: { "zh-CN": "请求体过大", "en-US": "Request body too large" },
  422: { "zh-CN": "操作无效", "en-US": "Invalid operation" },
  429: { "zh-CN": "请求过于频繁，请稍后再试", "en-US": "Too many requests, try again later" },
  499: { "zh-CN": "客户端错误", "en-US": "Client error" },
  500: { "zh-CN": "服务器内部错误", "en-US": "Internal server error" },
  501: { "zh-CN": "暂不支持此操作", "en-US": "Not supported" },
  502: { "zh-CN": "上游服务错误", "en-US": "Upstream service error" },
  503: { "zh-CN": "服务暂不可用", "en-US": "Service unavailable" },
  601: { "zh-CN": "消息通道请求失败", "en-US": "Message channel unreachable" },
  602: { "zh-CN": "消息通道返回错误", "en-US": "Message channel refused" },
  603: { "zh-CN": "自定义代码执行失败", "en-US": "Custom code failed" },
};

// A few apiCodes get words of their own; the rest fall back to their statusCode's.
const BY_API_CODE: Readonly<Record<number, Words>> = {
  [API_CODES.notLoggedIn]: { "zh-CN": "请先登录", "en-US": "Please sign in first" },
  [API_CODES.totpIncorrect]: { "zh-CN": "动态口令错误", "en-US": "Wrong one-time password" },
  [API_CODES.passCodeIncorrect]: { "zh-CN": "验证码错误", "en-US": "Wrong verification code" },
  [API_CODES.enrollmentTokenExpired]: { "zh-CN": "注册凭证已过期", "en-US": "Enrollment credential expired" },
  [API_CODES.enrollmentTokenUsed]: { "zh-CN": "注册凭证已使用", "en-US": "Enrollment credential already used" },
};

const FALLBACK: Words = { "zh-CN": "请求失败", "en-US": "Request failed" };
/** The unknown-route answer's words. */
const NO_ROUTE: Words = { "zh-CN": "接口不存在", "en-US": "No such API" };

type Headers = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
const english = (tag: string) => /^en(?:[-_]|$)/i.test(tag);

/**
 * The language a request asks for: Chinese unless `x-genauth-lang` (which wins), `x-authing-lang`
 * or, when neither is sent, the first tag of `Accept-Language` names English.
 */
export function tenantLanguage(headers: Headers): TenantLanguage {
  const named =
    first(headers["x-genauth-lang"]) ?? first(headers["x-authing-lang"]) ?? first(headers["accept-language"])?.split(",")[0]?.trim();
  return named !== undefined && english(named) ? "en-US" : "zh-CN";
}

/** The tenant's words for an answer, from its apiCode when it has words for it, else from its statusCode. */
export function wordingFor(statusCode: number, apiCode: number | undefined, language: TenantLanguage): string {
  return ((apiCode !== undefined && BY_API_CODE[apiCode]) || BY_STATUS_CODE[statusCode] || FALLBACK)[language];
}

/** The tenant's words for a path it serves no operation at. */
export const noRouteWording = (language: TenantLanguage): string => NO_ROUTE[language];
