import type { z } from "zod";

/** A configuration value that cannot be used. The entry point prints its message and exits. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Validates environment variables against a schema. An invalid value stops the boot with one line
 * that names the variable and says what it must be, never a stack trace.
 */
export function parseConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  // Empty strings count as unset, the way shells and .env files usually mean them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  // Values that may hold a credential are named but never echoed.
  const shown = /KEY|SECRET|PASSWORD|TOKEN|SMTP_URL|DATABASE_URL/.test(name) ? "" : `=${JSON.stringify(env[name] ?? "")}`;
  throw new ConfigError(`Invalid configuration: ${name}${shown}: ${issue.message}`);
}
