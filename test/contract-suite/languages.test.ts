import { describe, expect } from "vitest";
import { createClient } from "../../src/client/index.ts";
import { operations } from "../../src/contract/operations.ts";
import { msg, render } from "../../src/messages/catalogue.ts";
import { call } from "./call.ts";
import { contractCase, contractTable } from "./basis.ts";
import { target } from "./target.ts";

const zh = (message: Parameters<typeof render>[0]) => render(message, "zh-CN");
const en = (message: Parameters<typeof render>[0]) => render(message, "en-US");

// The wording is this project's guarantee, not GenAuth's: a GenAuth tenant words its messages its
// own way, so these cases run against the mock and the reference server only.
describe(`the ${target.name}'s messages in the language asked for`, () => {
  contractCase("answers in en-US when no language is asked for", { ours: "our targets' message wording" }, async () => {
    const { body } = await call("listEnrolledFactors");
    expect(body.message).toBe(en(msg("success")));
  });

  contractCase(
    "answers a request without a token in Chinese when x-authing-lang is zh-CN",
    { ours: "our targets' message wording" },
    async () => {
      const { body } = await call("listEnrolledFactors", { token: null, headers: { "x-authing-lang": "zh-CN" } });
      expect(body).toMatchObject({ statusCode: 401, message: zh(msg("noAccessToken")) });
    },
  );

  contractCase("lets x-genauth-lang win over x-authing-lang, either way round", { ours: "our targets' message wording" }, async () => {
    const chinese = await call("listEnrolledFactors", { headers: { "x-genauth-lang": "zh-CN", "x-authing-lang": "en-US" } });
    expect(chinese.body.message).toBe("操作成功");
    const english = await call("listEnrolledFactors", { headers: { "x-genauth-lang": "en-US", "x-authing-lang": "zh-CN" } });
    expect(english.body.message).toBe("Operation successful");
  });

  contractCase("answers a language it lacks in en-US", { ours: "our targets' message wording" }, async () => {
    const { body } = await call("listEnrolledFactors", { headers: { "x-genauth-lang": "ja-JP" } });
    expect(body.message).toBe("Operation successful");
  });

  contractCase("names the missing field of a bad body in Chinese", { ours: "our targets' message wording" }, async () => {
    const { body } = await call("sendEnrollFactorRequest", {
      body: { factorType: "SMS", profile: {} },
      headers: { "x-genauth-lang": "zh-CN" },
    });
    const expected = zh(msg("fieldRequiredWhen", { field: "profile.phoneNumber", tag: "factorType", value: "SMS" }));
    expect(body).toMatchObject({ statusCode: 400, message: expected });
  });

  contractCase("names a missing query parameter in Chinese", { ours: "our targets' message wording" }, async () => {
    const { body } = await call("getFactor", { headers: { "x-authing-lang": "zh-CN" } });
    expect(body).toMatchObject({ statusCode: 400, message: zh(msg("fieldRequired", { field: "factorId" })) });
  });

  contractCase("answers an unknown factor in Chinese", { ours: "our targets' message wording" }, async () => {
    const { body } = await call("getFactor", { query: { factorId: "0123456789abcdef01234567" }, headers: { "x-authing-lang": "zh-CN" } });
    expect(body).toMatchObject({ statusCode: 404, message: zh(msg("factorNotFound")) });
  });

  contractCase(
    "answers a path the contract does not declare in Chinese, with HTTP 404",
    { ours: "our targets' message wording" },
    async () => {
      const response = await fetch(`${target.baseUrl}/api/v3/no-such-operation`, {
        headers: { authorization: target.accessToken, "x-genauth-lang": "zh-CN" },
      });
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body.message).toBe(zh(msg("notServed", { method: "GET", path: "/api/v3/no-such-operation" })));
    },
  );

  contractCase(
    "answers the client's calls in Chinese when it is built with lang zh-CN",
    { ours: "our targets' message wording" },
    async () => {
      const client = createClient({ baseUrl: target.baseUrl, accessToken: target.accessToken, lang: "zh-CN" });
      const listed = await client.listEnrolledFactors();
      expect(listed.envelope?.message).toBe("操作成功");
      // The body is wrong on purpose: an SMS binding without a phone number.
      const refused = await client.sendEnrollFactorRequest({ factorType: "SMS", profile: {} } as never);
      expect(refused.error?.message).toBe(zh(msg("fieldRequiredWhen", { field: "profile.phoneNumber", tag: "factorType", value: "SMS" })));
    },
  );
});

// Every named example, asked for in Chinese: the same body, with its message in Chinese.
describe("the mock's examples in Chinese", () => {
  const named = operations.flatMap((op) =>
    [...op.responseExamples].map(([name, value]) => ({ op, name, value: value as Record<string, unknown> })),
  );
  const input: Record<string, Parameters<typeof call>[1]> = {
    sendEnrollFactorRequest: { body: { factorType: "OTP" } },
    enrollFactor: { body: operations.find((o) => o.operationId === "enrollFactor")!.requestExamples.get("otp") },
    getFactor: { query: { factorId: "6571c1f8a3d2e4b5c6d7e8f9" } },
    resetFactor: { body: { factorId: "6571c1f8a3d2e4b5c6d7e8f9" } },
    mfaOtpVerify: { body: { totp: "492039" } },
    mfaOtpRecover: { body: { recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141" } },
  };

  contractTable(
    "serves $op.operationId's example $name with its message in zh-CN",
    named,
    async ({ op, name, value }) => {
      const options = input[op.operationId] ?? {};
      const { body } = await call(op.operationId, { ...options, headers: { prefer: `example=${name}`, "x-genauth-lang": "zh-CN" } });
      expect(body).toEqual({ ...value, message: zh(op.responseMessages.get(name)!), requestId: body.requestId });
    },
    { needs: ["mock"] },
  );
});
