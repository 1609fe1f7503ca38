import { ConfigError } from "../config/parse-config.ts";
import { DAY_MS, HOUR_MS, SEND_INTERVAL_MS } from "../domain/send-limits.ts";
import { Shutdown } from "../process/shutdown.ts";
import { loadServerConfig } from "./config.ts";
import { isLoopback } from "./loopback.ts";

// The one place the reference server listens, and the one place it reads the environment.
try {
  const config = loadServerConfig();
  // The application (Fastify, the compiled contract) loads only once the configuration is known
  // to be good, so a bad variable is reported at once.
  const [{ buildApp }, { composeDeps }, { warmRequestChecks }] = await Promise.all([
    import("./app.ts"),
    import("./compose.ts"),
    import("../contract/warm-up.ts"),
  ]);
  const deps = await composeDeps(config);
  // Requests in flight get 8 s to be answered (and their writes committed), then the process goes:
  // npm start kills its children after 9 s.
  const shutdown = new Shutdown({ deadlineMs: 8000 });
  const app = buildApp(Object.assign({}, deps, { draining: () => shutdown.stopping }));
  await app.ready();
  warmRequestChecks();
  // Enrollment rows stay a while after expiry, so that a late replay says "expired", not "unknown";
  // a key's recent sends go once its newest is older than the longest window (a day); a step-up
  // goes once it can allow nothing (a session per token would otherwise leave a row per token).
  const prune = setInterval(() => {
    const { store } = deps.mfa;
    const now = Date.now();
    Promise.all([
      store.pruneEnrollments(now - HOUR_MS),
      store.pruneRecentSends(now - DAY_MS),
      store.pruneStepUps(now - config.STEP_UP_SECONDS * 1000),
    ]).catch((error: unknown) => {
      app.log.warn({ err: error }, "pruning expired rows failed; it is tried again in a minute");
    });
  }, SEND_INTERVAL_MS);
  prune.unref();
  if (config.DEV_ON_NETWORK && !isLoopback(config.HOST)) {
    console.warn(
      `WARNING: DEV_ON_NETWORK=true and HOST=${config.HOST}: development access tokens (which the key in ${config.DATA_DIR} signs for ` +
        `any user) are accepted from the network${deps.outbox ? ", and the development outbox shows every code to whoever asks" : ""}. ` +
        "For development containers only, never a deployment.",
    );
  }
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const transports = `SMS via ${deps.mfa.transports.sms.name}, email via ${deps.mfa.transports.email.name}`;
  console.log(`GenAuth MFA reference server listening on ${address} (data in ${config.DATA_DIR}; ${transports}; ${deps.tokenMode})`);
  shutdown.onSignals(async () => {
    clearInterval(prune);
    await app.close();
    await deps.close();
  });
} catch (error) {
  const known = error instanceof ConfigError || (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  console.error(known ? (error as Error).message : `The server failed to start: ${(error as Error).message}`);
  process.exit(1);
}
