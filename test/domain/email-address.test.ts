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

  it("gives plus-tagged addresses and Gmail's dotted spellings of one inbox one rate-limit key", () => {
    expect(normaliseEmail("Alice+news@example.com").limitKey).toBe("alice@example.com");
    expect(normaliseEmail("a.li.ce+1@gmail.com").limitKey).toBe("alice@gmail.com");
  });

  it("treats googlemail.com as gmail.com, the same inboxes under another name", () => {
    expect(normaliseEmail("a.lice+2@googlemail.com").limitKey).toBe("alice@gmail.com");
  });

  it("keeps dots outside Gmail, where they may tell inboxes apart", () => {
    expect(normaliseEmail("a.lice@example.com").limitKey).toBe("a.lice@example.com");
  });

  // A + at the very start is no tag separator; dropping everything after it would put every such
  // address of a domain in one inbox and let one user's sends use up everyone else's slot.
  it("keeps a local part that starts with +, so that +1@ and +2@ stay two inboxes", () => {
    expect(normaliseEmail("+1@example.com").limitKey).toBe("+1@example.com");
    expect(normaliseEmail("+2@example.com").limitKey).not.toBe(normaliseEmail("+1@example.com").limitKey);
  });
});
