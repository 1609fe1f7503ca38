import { DEFAULT_LANGUAGE, render, type Language } from "../messages/catalogue.ts";
import type { Operation } from "../contract/operations.ts";

/**
 * A named example's body in the language the request asked for. The contract's examples are written
 * in en-US, and carry their message's catalogue key, so one example serves every language. The
 * default language passes the text through untouched, so the common case costs no parse.
 */
export function localiseExample(op: Operation, name: string | undefined, text: string, language: Language): string {
  if (language === DEFAULT_LANGUAGE || name === undefined) return text;
  const message = op.responseMessages.get(name);
  if (!message) return text;
  return JSON.stringify(Object.assign(JSON.parse(text) as object, { message: render(message, language) }));
}
