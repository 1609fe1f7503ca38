import { enUS } from "./en-US.ts";
import { zhCN } from "./zh-CN.ts";

// Runtime-neutral on purpose: no Node import, so the mock, the server, and the browser-side mock
// handlers all render messages from this one catalogue.

/** The languages the targets answer in. */
export const LANGUAGES = ["en-US", "zh-CN"] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];
/** The language of an answer to a request that asks for none (or for one not in the catalogue). */
export const DEFAULT_LANGUAGE: Language = "en-US";

/** A message's meaning: the key every language's catalogue has. */
export type MessageKey = keyof typeof enUS;

/** The placeholders a template names, as a union of their names. */
type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a message's placeholders take; a message value is rendered in the same language. */
export type MessageParams<K extends MessageKey> = { [P in Placeholders<(typeof enUS)[K]>]: string | number | Message };

/** A message before it is put into words: a key and the values of its placeholders. */
export interface Message {
  key: MessageKey;
  params?: Record<string, string | number | Message>;
}

/** Every language's catalogue, by language. */
export const catalogues: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { "en-US": enUS, "zh-CN": zhCN };

/** Builds a message; the placeholders its key's template names are required, and checked. */
export function msg<K extends MessageKey>(
  key: K,
  ...params: Placeholders<(typeof enUS)[K]> extends never ? [] : [MessageParams<K>]
): Message {
  return params[0] === undefined ? { key } : { key, params: params[0] as Message["params"] };
}

/** Puts a message into words in one language. An unknown key is a programming error and throws. */
export function render(message: Message, language: Language = DEFAULT_LANGUAGE): string {
  const template = catalogues[language][message.key];
  if (template === undefined) throw new Error(`The ${language} catalogue has no message ${String(message.key)}`);
  // Without values every placeholder stays as written, so the template is the answer ("Operation
  // successful", on every success, needs no scan).
  if (message.params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    return typeof value === "object" ? render(value, language) : String(value);
  });
}

/** Whether a string is a key of the catalogue (for keys read from openapi.yaml). */
export const isMessageKey = (key: unknown): key is MessageKey => typeof key === "string" && Object.hasOwn(enUS, key);

/** The catalogue's language for a header value such as `zh-CN`, `zh_cn` or `en`; undefined if none fits. */
export function languageNamed(value: string | undefined): Language | undefined {
  const tag = value?.trim().replace(/_/g, "-").toLowerCase();
  if (!tag) return undefined;
  return LANGUAGES.find((l) => l.toLowerCase() === tag) ?? LANGUAGES.find((l) => l.split("-")[0]!.toLowerCase() === tag);
}

type Headers = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The language a request asks for. GenAuth's clients name it in `x-genauth-lang` (genauth-node-sdk)
 * or `x-authing-lang` (authing-node-sdk, Guard); the newer header wins when both are sent and not
 * empty. A language the catalogue lacks gets the default, en-US. Header names are lower case, as
 * Node and the Fetch API give them.
 */
export function languageOf(headers: Headers): Language {
  const asked = [headers["x-genauth-lang"], headers["x-authing-lang"]].map(first).find((v) => v !== undefined && v.trim() !== "");
  return languageNamed(asked) ?? DEFAULT_LANGUAGE;
}
