import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogues, DEFAULT_LANGUAGE, languageOf, LANGUAGES, msg, render } from "../../src/messages/catalogue.ts";

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = catalogues["en-US"];
const keys = Object.keys(english) as (keyof typeof english)[];

describe("the message catalogue", () => {
  const translations = LANGUAGES.filter((l) => l !== "en-US").flatMap((language) => keys.map((key) => ({ language, key })));

  it.each(translations)("has a $language translation of $key with the same placeholders", ({ language, key }) => {
    const template = catalogues[language][key];
    expect(template, `${language} lacks ${key}`).toEqual(expect.any(String));
    expect(template.trim()).not.toBe("");
    expect(placeholders(template)).toEqual(placeholders(english[key]));
  });

  it("has no key in a translation that en-US lacks", () => {
    for (const language of LANGUAGES) expect(Object.keys(catalogues[language]).sort()).toEqual([...keys].sort());
  });

  it("writes every zh-CN message in Chinese, not in copied English", () => {
    const untranslated = keys.filter((key) => !/[\u4e00-\u9fff]/.test(catalogues["zh-CN"][key]));
    expect(untranslated).toEqual([]);
  });

  it("fills placeholders, rendering a message-valued one in the same language", () => {
    const wrong = msg("passCodeIncorrect", { tail: msg("attemptsLeft", { count: 4 }) });
    expect(render(wrong, "en-US")).toBe("The verification code is incorrect; 4 attempts left");
    expect(render(wrong, "zh-CN")).toBe("验证码错误；还可尝试 4 次");
  });

  it("renders in en-US when no language is given", () => {
    expect(render(msg("success"))).toBe("Operation successful");
    expect(DEFAULT_LANGUAGE).toBe("en-US");
  });

  it("uses GenAuth's own Chinese wording for success and for its documented apiCodes", () => {
    expect(render(msg("success"), "zh-CN")).toBe("操作成功");
    expect(render(msg("totpIncorrect"), "zh-CN")).toContain("Totp 码错误");
    expect(render(msg("recoveryCodeIncorrect"), "zh-CN")).toContain("Totp 恢复码错误");
    expect(render(msg("faceAlreadyBound"), "zh-CN")).toContain("人脸已被绑定");
    expect(render(msg("totpMissing"), "zh-CN")).toBe("未输入 Totp 安全码");
    expect(render(msg("recoveryCodeMissing"), "zh-CN")).toBe("未输入 Totp 恢复码");
    expect(render(msg("noAccessToken"), "zh-CN")).toContain("尚未登录，无权限访问此请求");
  });

  it("imports nothing but its own files, so browsers and service workers can load it", () => {
    const dir = new URL("../../src/messages/", import.meta.url);
    for (const file of readdirSync(dir)) {
      const imports = [...readFileSync(new URL(file, dir), "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      for (const source of imports) expect(source, `${file} imports ${source}`).toMatch(/^\.\/[\w-]+\.ts$/);
    }
  });
});

describe("the language a request asks for", () => {
  // Each case: the request's headers and the language its answer must be in.
  const cases: { name: string; headers: Record<string, string | string[]>; language: string }[] = [
    { name: "no language header", headers: {}, language: "en-US" },
    { name: "x-authing-lang: zh-CN", headers: { "x-authing-lang": "zh-CN" }, language: "zh-CN" },
    { name: "x-genauth-lang: zh-CN", headers: { "x-genauth-lang": "zh-CN" }, language: "zh-CN" },
    {
      name: "x-genauth-lang: en-US beside x-authing-lang: zh-CN",
      headers: { "x-genauth-lang": "en-US", "x-authing-lang": "zh-CN" },
      language: "en-US",
    },
    {
      name: "x-genauth-lang: zh-CN beside x-authing-lang: en-US",
      headers: { "x-genauth-lang": "zh-CN", "x-authing-lang": "en-US" },
      language: "zh-CN",
    },
    {
      name: "an empty x-genauth-lang beside x-authing-lang: zh-CN",
      headers: { "x-genauth-lang": "", "x-authing-lang": "zh-CN" },
      language: "zh-CN",
    },
    { name: "a language the catalogue lacks (ja-JP)", headers: { "x-genauth-lang": "ja-JP" }, language: "en-US" },
    { name: "zh_cn, in another case and with an underscore", headers: { "x-authing-lang": "zh_cn" }, language: "zh-CN" },
    { name: "the bare language zh", headers: { "x-authing-lang": "zh" }, language: "zh-CN" },
    { name: "a repeated header, of which the first counts", headers: { "x-genauth-lang": ["zh-CN", "en-US"] }, language: "zh-CN" },
  ];

  it.each(cases)("is $language for $name", ({ headers, language }) => {
    expect(languageOf(headers)).toBe(language);
  });
});
