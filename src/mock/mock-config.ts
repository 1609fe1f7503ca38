import { z } from "zod";
import { parseConfig } from "../config/parse-config.ts";
import { MAX_USER_SEND_LIMIT, MAX_USER_START_LIMIT } from "../domain/send-limits.ts";
import type { StatefulMockOptions } from "../fidelity/stateful-mock.ts";

// `--stateful` reads the reference server's own variables for its limits, in the server's ranges;
// unset, each takes the server's default (src/fidelity/stateful-mock.ts).
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

const schema = z.object({
  MOCK_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  MOCK_HOST: z.string().min(1).default("127.0.0.1"),
  SEND_LIMIT_USER_HOUR: count(0, MAX_USER_SEND_LIMIT),
  SEND_LIMIT_USER_DAY: count(0, MAX_USER_SEND_LIMIT),
  SEND_LIMIT_GLOBAL_MINUTE: count(1, 1_000_000),
  START_LIMIT_USER_HOUR: count(0, MAX_USER_START_LIMIT),
  START_LIMIT_USER_DAY: count(0, MAX_USER_START_LIMIT),
  VERIFY_CODE_LENGTH: count(4, 8),
  STEP_UP_SECONDS: count(0, 86_400),
  TOTP_LOCKOUT_SECONDS: count(1, 86_400),
});

/** The mock's settings, read from the environment once and validated. */
export type MockConfig = z.infer<typeof schema>;

/** Reads and validates the mock's environment; throws a message naming the bad variable. */
export const loadMockConfig = (env: NodeJS.ProcessEnv = process.env): MockConfig => parseConfig(schema, env);

/** The `--stateful` settings the environment gives; the rest keep the server's defaults. */
export const statefulOptionsOf = (config: MockConfig): StatefulMockOptions => ({
  sendLimits: {
    userPerHour: config.SEND_LIMIT_USER_HOUR,
    userPerDay: config.SEND_LIMIT_USER_DAY,
    globalPerMinute: config.SEND_LIMIT_GLOBAL_MINUTE,
  },
  startLimits: { userPerHour: config.START_LIMIT_USER_HOUR, userPerDay: config.START_LIMIT_USER_DAY },
  verifyCodeLength: config.VERIFY_CODE_LENGTH,
  stepUpSeconds: config.STEP_UP_SECONDS,
  totpLockoutSeconds: config.TOTP_LOCKOUT_SECONDS,
});
