import { z } from "zod";
import { parseConfig } from "../config/parse-config.ts";

const schema = z.object({
  MOCK_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  MOCK_HOST: z.string().min(1).default("127.0.0.1"),
});

/** The mock's settings, read from the environment once and validated. */
export type MockConfig = z.infer<typeof schema>;

/** Reads and validates the mock's environment; throws a message naming the bad variable. */
export const loadMockConfig = (env: NodeJS.ProcessEnv = process.env): MockConfig => parseConfig(schema, env);
