import { describe, expect, it } from "vitest";
import { msg, render } from "../../src/messages/catalogue.ts";
import type { CodeMessage } from "../../src/transports/transport.ts";
import { buildTestApp } from "../support/test-app.ts";

const SEND = "/api/v3/send-enroll-factor-request";

describe("the text that carries a code", () => {
  // Each case: the request's language headers, and the language the user's text message must be in.
  const cases = [
    { name: "no language header", headers: {}, language: "en-US" as const },
    { name: "x-genauth-lang: zh-CN", headers: { "x-genauth-lang": "zh-CN" }, language: "zh-CN" as const },
    { name: "x-authing-lang: zh-CN", headers: { "x-authing-lang": "zh-CN" }, language: "zh-CN" as const },
  ];

  it.each(cases)("is written in $language for a request with $name", async ({ headers, language }) => {
    const t = await buildTestApp();
    const token = await t.tokenFor("code-text-user");
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json", ...headers },
      payload: JSON.stringify({ factorType: "SMS", profile: { phoneNumber: "18812345678" } }),
    });
    expect(response.json()).toMatchObject({ statusCode: 200, message: render(msg("success"), language) });
    const [sent] = t.outbox.messagesTo("+8618812345678");
    expect(sent!.text).toBe(render(msg("codeText", { code: sent!.code, seconds: 60 }), language));
    await t.app.close();
  });

  it("gives an email its subject in Chinese when the request asks for zh-CN", async () => {
    const sent: CodeMessage[] = [];
    const t = await buildTestApp({ transports: { email: { name: "capture", deliver: async (message) => void sent.push(message) } } });
    const token = await t.tokenFor("code-subject-user");
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json", "x-genauth-lang": "zh-CN" },
      payload: JSON.stringify({ factorType: "EMAIL", profile: { email: "subject@example.com" } }),
    });
    expect(response.json().statusCode).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("您的验证码");
    expect(sent[0]!.text).toContain(sent[0]!.code);
    await t.app.close();
  });
});
