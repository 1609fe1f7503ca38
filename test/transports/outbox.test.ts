import { describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/transports/outbox.ts";
import { codeText, type CodeMessage } from "../../src/transports/transport.ts";

const sms = (to: string, code: string): CodeMessage => ({ channel: "sms", to, code, text: codeText(code, 300) });

describe("createOutboxTransport", () => {
  it("prints one line per message that names the channel, the destination and the code", async () => {
    const lines: string[] = [];
    const outbox = createOutboxTransport({ print: (line) => lines.push(line) });
    await outbox.deliver(sms("+8618812345678", "123456"));
    await outbox.deliver({ channel: "email", to: "alice@example.com", code: "654321", text: codeText("654321", 300) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[outbox\] sms to \+8618812345678: .*123456/);
    expect(lines[1]).toMatch(/^\[outbox\] email to alice@example\.com: .*654321/);
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
  });

  it("returns only the messages for the given destination, oldest first, with an ISO send time", async () => {
    const outbox = createOutboxTransport({ print: () => {} });
    await outbox.deliver(sms("+8618812345678", "111111"));
    await outbox.deliver(sms("+8618800000000", "222222"));
    await outbox.deliver(sms("+8618812345678", "333333"));
    const messages = outbox.messagesTo("+8618812345678");
    expect(messages.map((message) => message.code)).toEqual(["111111", "333333"]);
    expect(messages[0]).toMatchObject({ channel: "sms", to: "+8618812345678", text: codeText("111111", 300) });
    expect(new Date(messages[0]!.sentAt).toISOString()).toBe(messages[0]!.sentAt);
    expect(outbox.messagesTo("+86188")).toEqual([]);
  });

  it("keeps at most its capacity of messages across all destinations and drops the oldest first", async () => {
    const outbox = createOutboxTransport({ print: () => {}, capacity: 3 });
    for (const [to, code] of [
      ["+8618811111111", "000001"],
      ["+8618822222222", "000002"],
      ["+8618811111111", "000003"],
      ["+8618822222222", "000004"],
      ["+8618811111111", "000005"],
    ] as const) {
      await outbox.deliver(sms(to, code));
    }
    expect(outbox.messagesTo("+8618811111111").map((message) => message.code)).toEqual(["000003", "000005"]);
    expect(outbox.messagesTo("+8618822222222").map((message) => message.code)).toEqual(["000004"]);
  });

  it("does not let a caller change the messages it keeps", async () => {
    const outbox = createOutboxTransport({ print: () => {} });
    await outbox.deliver(sms("+8618812345678", "123456"));
    outbox.messagesTo("+8618812345678")[0]!.code = "000000";
    expect(outbox.messagesTo("+8618812345678")[0]!.code).toBe("123456");
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createOutboxTransport({ capacity: 0 })).toThrow(RangeError);
  });
});
