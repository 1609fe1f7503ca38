import { useCallback, useEffect, useState } from "react";
import type { FactorType, GenAuthMfaClient } from "genauth-mfa-client";
import { BoundFactors, type BoundFactor } from "./BoundFactors.tsx";
import { OtpSetup } from "./OtpSetup.tsx";
import { SmsSetup } from "./SmsSetup.tsx";
import { StepUp } from "./StepUp.tsx";
import type { OutboxReader } from "./DevOutbox.tsx";

/** What the page shows while a binding is under way. */
type Flow = "OTP" | "SMS" | undefined;

/** A failure as GenAuth reports it: shown as it came, with its statusCode. */
export interface Problem {
  statusCode: number;
  message: string;
  apiCode?: number | undefined;
}

/** The apiCode of a change that needs the authenticator app checked first (our reference server's rule). */
const STEP_UP_REQUIRED = 6120;

/** A "Two-factor authentication" settings page: what is bound, what can be added, and the flows. */
export function App({ client, outbox }: { client: GenAuthMfaClient; outbox: OutboxReader }) {
  const [bound, setBound] = useState<BoundFactor[] | undefined>();
  const [offered, setOffered] = useState<FactorType[]>([]);
  const [flow, setFlow] = useState<Flow>();
  const [problem, setProblem] = useState<Problem>();
  const [stepUpFor, setStepUpFor] = useState<(() => Promise<void>) | undefined>();

  const refresh = useCallback(async () => {
    const [enrolled, toEnroll] = await Promise.all([client.listEnrolledFactors(), client.listFactorsToEnroll()]);
    if (enrolled.error) return setProblem(enrolled.error);
    if (toEnroll.error) return setProblem(toEnroll.error);
    setBound(enrolled.data);
    setOffered(toEnroll.data.map((f) => f.factorType));
  }, [client]);

  useEffect(() => void refresh(), [refresh]);

  /** Shows a failure; a missing step-up asks for a TOTP, then runs `retry`. */
  const fail = (error: Problem, retry?: () => Promise<void>) => {
    if (error.apiCode === STEP_UP_REQUIRED && retry) return setStepUpFor(() => retry);
    setProblem(error);
  };
  const done = async () => {
    setFlow(undefined);
    setProblem(undefined);
    await refresh();
  };
  const unbind = async (factorId: string): Promise<void> => {
    const { error } = await client.resetFactor({ factorId });
    if (error) return fail(error, () => unbind(factorId));
    await done();
  };

  return (
    <main>
      <h1>Two-factor authentication</h1>
      {problem && (
        <p role="alert" className="problem">
          {problem.message} <small>(statusCode {problem.statusCode})</small>
        </p>
      )}
      {stepUpFor && (
        <StepUp
          client={client}
          onVerified={async () => {
            const retry = stepUpFor;
            setStepUpFor(undefined);
            await retry();
          }}
          onCancel={() => setStepUpFor(undefined)}
        />
      )}
      <BoundFactors factors={bound} onUnbind={unbind} />
      <section aria-labelledby="add">
        <h2 id="add">Add a method</h2>
        {offered.includes("OTP") && !flow && (
          <button type="button" onClick={() => setFlow("OTP")}>
            Set up authenticator app
          </button>
        )}
        {offered.includes("SMS") && !flow && (
          <button type="button" onClick={() => setFlow("SMS")}>
            Add a phone number
          </button>
        )}
        {/* This page sets up the app and a phone number; email and face, if offered, are another page's. */}
        {!offered.includes("OTP") && !offered.includes("SMS") && <p>Your authenticator app and phone number are both set up.</p>}
        {flow === "OTP" && <OtpSetup client={client} onDone={done} onProblem={fail} onCancel={() => setFlow(undefined)} />}
        {flow === "SMS" && <SmsSetup client={client} outbox={outbox} onDone={done} onProblem={fail} onCancel={() => setFlow(undefined)} />}
      </section>
    </main>
  );
}
