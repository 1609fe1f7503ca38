import { describe, expect, it } from "vitest";
import { normaliseEmail } from "../../src/domain/email-address.ts";

describe("normaliseEmail", () => {
  it("lower-cases the whole address, so that one inbox has one per-minute slot", () => {
    expect(normaliseEmail("Test@Example.COM").address).toBe("test@example.com");
    expect(normaliseEmail("Test@Example.COM").address).toBe(normaliseEmail("test@example.com").address);
  });

  it("drops surrounding whitespace", () => {
    expect(normaliseEmail("  alice@example.com \n").address).toBe("alice@example.com");
  });

  it("masks all of the local part but its first character and keeps the domain", () => {
    expect(normaliseEmail("Alice.Smith@Example.com").masked).toBe("a***@example.com");
  });

  it("masks a one-character local part without revealing how long it was", () => {
    expect(normaliseEmail("a@example.com").masked).toBe("a***@example.com");
  });

  it("takes the domain after the last @ of a quoted local part", () => {
    expect(normaliseEmail('"a@b"@example.com').masked).toBe('"***@example.com');
  });
});
