import { describe, expect, it } from "vitest";
import { GenAuthError } from "../../src/contract/envelope.ts";
import { parseJsonBody } from "../../src/http/parse-json.ts";

describe("parseJsonBody", () => {
  it("parses an ordinary body", () => {
    expect(parseJsonBody('{"factorType":"OTP","profile":{"email":"a@b.co"}}')).toEqual({ factorType: "OTP", profile: { email: "a@b.co" } });
  });

  it.each([
    ['{"__proto__":{"polluted":true}}', "forbidden __proto__"],
    ['{"profile":{"__proto__":{"polluted":true}}}', "forbidden __proto__"],
    ['{"constructor":{"prototype":{"polluted":true}}}', "forbidden __proto__ or constructor"],
    ['{"__pro\\u0074o__":{"polluted":true}}', "forbidden __proto__"],
    ['{"factorType":"OTP",', "not valid JSON"],
    ["", "not valid JSON"],
  ])("refuses %s with a 400 that says %s", (text, words) => {
    let thrown: unknown;
    try {
      parseJsonBody(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GenAuthError);
    expect((thrown as GenAuthError).statusCode).toBe(400);
    expect((thrown as GenAuthError).message).toContain(words);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts the words constructor and __proto__ as values", () => {
    expect(parseJsonBody('{"email":"__proto__@example.com","note":"constructor"}')).toEqual({
      email: "__proto__@example.com",
      note: "constructor",
    });
  });
});
