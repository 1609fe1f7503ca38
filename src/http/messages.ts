import { BODY_LIMIT_BYTES } from "./read-body.ts";

// What the mock and the reference server say about the same HTTP-level problems, word for word,
// so that a frontend sees one wording whichever it talks to.

/** A JSON media type, with or without parameters (`application/json; charset=utf-8`, `application/merge-patch+json`). */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The answer to a body past the limit (GenAuth's 413). */
export const BODY_TOO_LARGE = `The request body is larger than the ${BODY_LIMIT_BYTES}-byte limit`;

/** The answer to a request without a usable access token (GenAuth's 401). */
export const NO_ACCESS_TOKEN = "Unauthorized: the Authorization header carries no access token";

/** The answer to an operation that takes a body and got none. */
export const BODY_REQUIRED = "The request body is required: send a JSON object";

/** The answer to a path (or method) the contract does not declare. */
export const notServed = (method: string | undefined, path: string): string => `No operation is served at ${method} ${path}`;
