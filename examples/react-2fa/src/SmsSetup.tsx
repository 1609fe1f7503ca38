import { useState, type FormEvent } from "react";
import type { GenAuthMfaClient } from "genauth-mfa-client";
import type { Problem } from "./App.tsx";
import { DevOutbox, type OutboxReader } from "./DevOutbox.tsx";

/** Binds a phone number: sends a code to it, then checks the code typed back. */
export function SmsSetup(props: {
  client: GenAuthMfaClient;
  outbox: OutboxReader;
  onDone: () => Promise<void>;
  onProblem: (p: Problem, retry?: () => Promise<void>) => void;
  onCancel: () => void;
}) {
  const { client, outbox, onDone, onProblem, onCancel } = props;
  const [phoneNumber, setPhoneNumber] = useState("");
  const [phoneCountryCode, setPhoneCountryCode] = useState("+86");
  const [enrollmentToken, setEnrollmentToken] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [passCode, setPassCode] = useState("");
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    const { data, error } = await client.sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber, phoneCountryCode } });
    setBusy(false);
    if (error) return onProblem(error, send);
    setEnrollmentToken(data.enrollmentToken);
    setSentTo(`${phoneCountryCode}${phoneNumber}`);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!enrollmentToken) return send();
    setBusy(true);
    const { error } = await client.enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode } });
    setBusy(false);
    if (error) return onProblem(error);
    await onDone();
  };

  return (
    <form onSubmit={submit} aria-label="Add a phone number">
      {!enrollmentToken ? (
        <>
          <label>
            Country code <input value={phoneCountryCode} onChange={(e) => setPhoneCountryCode(e.target.value)} size={5} />
          </label>{" "}
          <label>
            Phone number <input type="tel" value={phoneNumber} onChange={(e) => setPhoneNumber(e.target.value)} />
          </label>{" "}
          <button type="submit" disabled={busy || phoneNumber.length === 0}>
            {busy ? "Sending…" : "Send code"}
          </button>
        </>
      ) : (
        <>
          <p>We texted a code to {sentTo}.</p>
          <label>
            Code{" "}
            <input inputMode="numeric" autoComplete="one-time-code" value={passCode} onChange={(e) => setPassCode(e.target.value.trim())} />
          </label>{" "}
          <button type="submit" disabled={busy || passCode.length === 0}>
            {busy ? "Checking…" : "Confirm"}
          </button>
          {sentTo && <DevOutbox outbox={outbox} to={sentTo} />}
        </>
      )}{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
