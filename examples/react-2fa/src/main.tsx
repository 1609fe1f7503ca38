import { createRoot } from "react-dom/client";
import { setupWorker } from "msw/browser";
import { createClient } from "genauth-mfa-client";
import { createGenAuthHandlers } from "genauth-mfa-client/msw";
import { App } from "./App.tsx";

// GenAuth is answered inside this tab: the stateful handlers run the reference server's own rules
// (single-use tokens, step-up, limits) on an in-memory store, so the whole binding flow works with
// no tenant and no server. Point `baseUrl` at a tenant, and drop the worker, to use a real one.
const BASE_URL = "https://example.genauth.ai";
const genauth = createGenAuthHandlers({ baseUrl: BASE_URL, stateful: true });
await setupWorker(...genauth.handlers).start({ onUnhandledRequest: "bypass", quiet: true });

const client = createClient({ baseUrl: BASE_URL, accessToken: "demo-user-access-token" });
createRoot(document.getElementById("root")!).render(<App client={client} outbox={(to) => genauth.outbox(to)} />);
