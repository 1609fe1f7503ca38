/**
 * A consumer's TypeScript file and its strictest tsconfig, as a team using genauth-mfa-client would
 * write them. Type-checked against the built package in `npm test`, and against the installed
 * tarball by `npm run test:consumer`.
 */
export const consumerFile = `import {
  createClient,
  type components,
  type ErrorRespDto,
  type FactorDto,
  type GenAuthErrorEnvelope,
  type GenAuthMfaClient,
  type paths,
  type SendEnrollFactorRequestDto,
} from "genauth-mfa-client";

// Possibly undefined, as a token from storage is: exactOptionalPropertyTypes must accept it.
declare const accessToken: string | undefined;
const client: GenAuthMfaClient = createClient({ baseUrl: "http://127.0.0.1:4010", accessToken });

const request: SendEnrollFactorRequestDto = { factorType: "SMS", profile: { phoneNumber: "18812345678" } };
const sent = await client.sendEnrollFactorRequest(request);
if (sent.error) {
  const envelope: ErrorRespDto & GenAuthErrorEnvelope = sent.error;
  console.log(envelope.statusCode, envelope.message);
} else {
  const token: string = sent.data.enrollmentToken;
  console.log(token.slice(0, 8), sent.envelope.requestId);
}

// Destructured, as a component reads it; OTP, SMS and EMAIL need no isExternalPhoto.
const { data, error } = await client.sendEnrollFactorRequest({ factorType: "OTP", profile: undefined });
if (!error) console.log(data.enrollmentToken, data.otpData?.qrCodeUri);
const passCode = { passCode: "123456" };
await client.enrollFactor({ factorType: "OTP", enrollmentToken: "t", enrollmentData: passCode });
await client.enrollFactor({ factorType: "SMS", enrollmentToken: "t", enrollmentData: passCode });
const enrolled = await client.enrollFactor({ factorType: "EMAIL", enrollmentToken: "t", enrollmentData: passCode });
console.log(enrolled.data === null);

const listed = await client.listEnrolledFactors();
const first: FactorDto | undefined = listed.data?.[0];
console.log(first?.factorType);

type SendBody = NonNullable<paths["/api/v3/send-enroll-factor-request"]["post"]["requestBody"]>["content"]["application/json"];
const same: SendBody = request;
const kind: components["schemas"]["FactorType"] = "OTP";
console.log(same, kind);

// @ts-expect-error: PUSH is not a factor type
await client.sendEnrollFactorRequest({ factorType: "PUSH" });
`;

/** A consumer's test setup with the MSW handlers: msw/node, a scenario per token. */
export const consumerMswFile = `import { setupServer } from "msw/node";
import { createGenAuthHandlers, type GenAuthHandlers, type Scenario } from "genauth-mfa-client/msw";

const genauth: GenAuthHandlers = createGenAuthHandlers({ baseUrl: "https://your-app.genauth.ai" });
const server = setupServer(...genauth.handlers);
server.listen({ onUnhandledRequest: "error" });
const slow: Scenario = { examples: { sendEnrollFactorRequest: "throttled" }, latencyMs: 300, networkFailures: 1 };
genauth.setScenario("test-user-token", slow);
// @ts-expect-error: a misspelt example name does not compile
genauth.setScenario("test-user-token", { examples: { sendEnrollFactorRequest: "throtled" } });
genauth.clearScenarios();
server.close();
// With state: the server's domain in memory, its options, the outbox and a reset.
const stateful: GenAuthHandlers = createGenAuthHandlers({
  stateful: true,
  sendLimits: { userPerHour: 0 },
  verifyCodeLength: 4,
  now: () => Date.now(),
});
const codes: string[] = stateful.outbox("+8618812345678").map((message) => message.code);
// @ts-expect-error: the limits are numbers
createGenAuthHandlers({ stateful: true, sendLimits: { userPerHour: "5" } });
stateful.reset();
console.log(codes.length);
`;

/** The strictest settings a consumer may use, with the given module resolution. */
export function strictTsconfig(resolution: "bundler" | "nodenext") {
  return {
    compilerOptions: {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      target: "es2022",
      module: resolution === "bundler" ? "esnext" : "nodenext",
      moduleResolution: resolution,
      // A browser app sees the DOM's fetch types; a Node app sees Node's too. msw's own types need
      // the DOM library in either (msw documents this).
      lib: ["es2022", "dom"],
      types: resolution === "bundler" ? [] : ["node"],
    },
    files: ["consumer.ts", "consumer-msw.ts"],
  };
}
