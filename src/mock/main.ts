import { createLimitedServer } from "../http/connection-limits.ts";
import { ConfigError } from "../config/parse-config.ts";
import { Shutdown } from "../process/shutdown.ts";
import { createMock } from "./mock.ts";
import { loadMockConfig, statefulOptionsOf } from "./mock-config.ts";

// The one place the mock listens. `npm run mock -- --dynamic` asks Prism to generate bodies;
// `npm run mock -- --stateful` runs the reference server's domain in memory instead of Prism.
try {
  const config = loadMockConfig();
  // Requests in flight get 5 s, and Prism up to 3 s more to stop: 9 s at most.
  const shutdown = new Shutdown({ deadlineMs: 9000 });
  const dynamic = process.argv.includes("--dynamic") || process.argv.includes("-d");
  const stateful = process.argv.includes("--stateful");
  if (dynamic && stateful)
    throw new ConfigError("--dynamic and --stateful do not go together: a generated body cannot agree with the state");
  const verbose = process.argv.includes("--verbose");
  const mock = await createMock({
    dynamic,
    log: verbose ? (line) => console.log(`[prism] ${line}`) : undefined,
    ...(stateful && { stateful: { print: (line: string) => console.log(line), ...statefulOptionsOf(config) } }),
  });
  // The reference server's limits: slow-header sockets and connection floods must not hold the mock either.
  const server = createLimitedServer(mock.handler);
  // Without its engine the mock could only answer 500s: better to stop and say why.
  mock.onCrash((output) => {
    if (shutdown.stopping) return;
    console.error(`Prism stopped unexpectedly; the mock stops too. Its last output:\n${output}`);
    process.exit(1);
  });
  server.on("error", async (error: NodeJS.ErrnoException) => {
    console.error(`The mock cannot listen on ${config.MOCK_HOST}:${config.MOCK_PORT}: ${error.code ?? error.message}`);
    await mock.stop();
    process.exit(1);
  });
  server.listen(config.MOCK_PORT, config.MOCK_HOST, () => {
    const { port } = server.address() as { port: number };
    const mode = stateful
      ? "stateful: the reference server's domain in memory, codes at /dev/outbox?to="
      : dynamic
        ? "Prism, dynamic bodies"
        : "Prism, the contract's examples";
    console.log(`GenAuth MFA mock listening on http://${config.MOCK_HOST}:${port} (${mode})`);
  });
  shutdown.onSignals(async () => {
    // New connections are refused and idle ones closed; requests in flight are answered, for up to
    // 5 s, and then Prism is stopped.
    setTimeout(() => server.closeAllConnections(), 5000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await mock.stop();
  });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `The mock failed to start: ${(error as Error).message}`);
  process.exit(1);
}
