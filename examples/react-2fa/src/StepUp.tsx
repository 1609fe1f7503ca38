import { useState, type FormEvent } from "react";
import type { GenAuthMfaClient } from "genauth-mfa-client";

/** Asks for a code from the authenticator app before a change to the user's methods. */
export function StepUp({
  client,
  onVerified,
  onCancel,
}: {
  client: GenAuthMfaClient;
  onVerified: () => Promise<void>;
  onCancel: () => void;
}) {
  const [totp, setTotp] = useState("");
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const { error } = await client.mfaOtpVerify({ totp });
    setBusy(false);
    if (error) return setProblem(error.message);
    await onVerified();
  };
  return (
    <form onSubmit={submit} aria-label="Confirm it is you" className="step-up">
      <p>To change your sign-in methods, enter a code from your authenticator app.</p>
      {problem && <p role="alert">{problem}</p>}
      <label>
        Code from the app{" "}
        <input inputMode="numeric" autoComplete="one-time-code" value={totp} onChange={(e) => setTotp(e.target.value.trim())} />
      </label>{" "}
      <button type="submit" disabled={busy || totp.length === 0}>
        {busy ? "Checking…" : "Confirm"}
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
