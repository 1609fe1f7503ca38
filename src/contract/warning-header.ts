/**
 * The response header in which our targets name what a served request did that they did not expect
 * (see contract-warnings.ts). Its own module so that the CORS headers can expose it without loading
 * the validators.
 */
export const CONTRACT_WARNING_HEADER = "X-Contract-Warning";
