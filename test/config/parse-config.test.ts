import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config/parse-config.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NAME: z.string().min(2).default("pool"),
  API_KEY: z.string().min(8).optional(),
  CLIENT_SECRET: z.string().min(8).optional(),
  DB_PASSWORD: z.string().min(8).optional(),
  ACCESS_TOKEN: z.string().min(8).optional(),
  SMTP_URL: z.url().optional(),
});

/** The ConfigError's message for this environment. */
function messageFor(env: Record<string, string>): string {
  const thrown = (() => {
    try {
      parseConfig(schema, env);
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as ConfigError).message;
}

describe("parseConfig", () => {
  it("returns the parsed values, with defaults for what is unset and empty strings counted as unset", () => {
    expect(parseConfig(schema, { PORT: "8080", NAME: "", UNRELATED: "ignored" })).toEqual({ PORT: 8080, NAME: "pool" });
  });

  // Each case: the environment, and the exact one-line message it must stop the boot with.
  const cases: { name: string; env: Record<string, string>; message: string }[] = [
    {
      name: "a number that is not one",
      env: { PORT: "abc" },
      message: 'Invalid configuration: PORT="abc": Invalid input: expected number, received NaN',
    },
    { name: "a number out of range", env: { PORT: "0" }, message: 'Invalid configuration: PORT="0": Too small: expected number to be >=1' },
    {
      name: "a string that is too short",
      env: { NAME: "x" },
      message: 'Invalid configuration: NAME="x": Too small: expected string to have >=2 characters',
    },
    {
      name: "a value with a newline, kept on one line",
      env: { PORT: "80\n81" },
      message: 'Invalid configuration: PORT="80\\n81": Invalid input: expected number, received NaN',
    },
    {
      name: "a short API_KEY, named but not echoed",
      env: { API_KEY: "k3y" },
      message: "Invalid configuration: API_KEY: Too small: expected string to have >=8 characters",
    },
    {
      name: "a short CLIENT_SECRET, named but not echoed",
      env: { CLIENT_SECRET: "s3c" },
      message: "Invalid configuration: CLIENT_SECRET: Too small: expected string to have >=8 characters",
    },
    {
      name: "a short DB_PASSWORD, named but not echoed",
      env: { DB_PASSWORD: "pw" },
      message: "Invalid configuration: DB_PASSWORD: Too small: expected string to have >=8 characters",
    },
    {
      name: "a short ACCESS_TOKEN, named but not echoed",
      env: { ACCESS_TOKEN: "t0k" },
      message: "Invalid configuration: ACCESS_TOKEN: Too small: expected string to have >=8 characters",
    },
    {
      name: "a bad SMTP_URL, named but not echoed",
      env: { SMTP_URL: "//mailer:hunter2@mail.example" },
      message: "Invalid configuration: SMTP_URL: Invalid URL",
    },
    {
      name: "two bad values, of which the first is reported",
      env: { PORT: "abc", NAME: "x" },
      message: 'Invalid configuration: PORT="abc": Invalid input: expected number, received NaN',
    },
  ];
  it.each(cases)("stops on $name with the message naming the variable", ({ env, message }) => {
    expect(messageFor(env)).toBe(message);
  });

  it("marks its failures as ConfigError, which entry points print without a stack", () => {
    const error = (() => {
      try {
        parseConfig(schema, { PORT: "abc" });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.name).toBe("ConfigError");
    expect(error).toBeInstanceOf(Error);
  });
});
