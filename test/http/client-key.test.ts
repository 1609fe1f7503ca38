import { describe, expect, it } from "vitest";
import { clientKey } from "../../src/http/client-key.ts";

describe("clientKey", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::FFFF:127.0.0.1", "127.0.0.1"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("counts %s as the client %s", (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it("counts every address of one IPv6 /64 as one client, and the next /64 as another", () => {
    expect(clientKey("2001:db8:aa:bb::1")).toBe(clientKey("2001:db8:aa:bb:dead:beef:0:7"));
    expect(clientKey("2001:db8:aa:bb::1")).not.toBe(clientKey("2001:db8:aa:bc::1"));
  });

  it.each([undefined, "", "not an address", "203.0.113.7, 10.0.0.1", "x".repeat(10_000)])(
    "counts %j, which is no address, as the one client unknown",
    (address) => {
      expect(clientKey(address)).toBe("unknown");
    },
  );

  it("gives each address its own key when it is asked again, before and after thousands of other addresses have been seen", () => {
    expect(clientKey("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64");
    expect(clientKey("not an address")).toBe("unknown");
    for (let i = 0; i < 10_000; i++) clientKey(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(clientKey("10.0.39.15")).toBe("10.0.39.15");
    expect(clientKey("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64");
    expect(clientKey("::ffff:10.0.39.15")).toBe("10.0.39.15");
    expect(clientKey("not an address")).toBe("unknown");
  });
});
