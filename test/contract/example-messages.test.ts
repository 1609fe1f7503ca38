import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { catalogues, LANGUAGES, render, type Message } from "../../src/messages/catalogue.ts";

/** The placeholders of a message's templates, in one language, that its params leave empty (nested messages too). */
function unfilled(message: Message, language: (typeof LANGUAGES)[number]): string[] {
  const names = [...catalogues[language][message.key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const nested = Object.values(message.params ?? {}).flatMap((v) => (typeof v === "object" ? unfilled(v, language) : []));
  return [...names.filter((n) => message.params?.[n] === undefined), ...nested];
}

const examples = operations.flatMap((op) =>
  [...op.responseExamples].map(([name, value]) => ({
    op: op.operationId,
    name,
    value: value as { message: string },
    message: op.responseMessages.get(name),
  })),
);

describe("the messages of the contract's examples", () => {
  it.each(examples)("gives $op's example $name a catalogue key whose en-US wording is its message", ({ value, message }) => {
    expect(message, "x-genauth-message is missing").toBeDefined();
    expect(render(message!, "en-US")).toBe(value.message);
  });

  const rendered = examples.filter((e) => e.message).flatMap((e) => LANGUAGES.map((language) => ({ ...e, language })));
  it.each(rendered)("fills every placeholder of $op's example $name in $language", ({ message, language }) => {
    expect(unfilled(message!, language)).toEqual([]);
  });
});
