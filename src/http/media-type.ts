/** A JSON media type, with or without parameters (`application/json; charset=utf-8`, `application/merge-patch+json`). */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
