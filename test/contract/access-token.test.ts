import { describe, expect, it } from "vitest";
import { accessTokenFrom } from "../../src/contract/access-token.ts";

describe("the access token in an Authorization header", () => {
  it("is the raw header, as GenAuth's Node SDK sends it", () => {
    expect(accessTokenFrom("eyJ.a.b")).toBe("eyJ.a.b");
  });

  it("is what follows Bearer, in any case and after any run of spaces or tabs, trimmed", () => {
    expect(accessTokenFrom("Bearer eyJ.a.b")).toBe("eyJ.a.b");
    expect(accessTokenFrom("bearer \t  eyJ.a.b  ")).toBe("eyJ.a.b");
    expect(accessTokenFrom("  BEARER eyJ.a.b")).toBe("eyJ.a.b");
  });

  it("keeps a raw token that merely contains the word bearer", () => {
    expect(accessTokenFrom("notbearer eyJ")).toBe("notbearer eyJ");
  });

  it("is the first of repeated headers", () => {
    expect(accessTokenFrom(["Bearer first", "Bearer second"])).toBe("first");
  });

  it("is missing when the header is absent, empty, or Bearer alone", () => {
    for (const header of [undefined, "", "   ", "Bearer", "Bearer   "]) expect(accessTokenFrom(header)).toBeUndefined();
  });
});
