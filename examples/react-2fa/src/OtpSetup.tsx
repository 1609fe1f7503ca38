import { useEffect, useState, type FormEvent } from "react";
import type { GenAuthMfaClient } from "genauth-mfa-client";
import type { Problem } from "./App.tsx";

interface Started {
  enrollmentToken: string;
  qrCodeDataUrl: string;
  recoveryCode: string;
}

/** Binds an authenticator app: shows the QR code and recovery code, then checks the app's first code. */
export function OtpSetup(props: {
  client: GenAuthMfaClient;
  onDone: () => Promise<void>;
  onProblem: (p: Problem, retry?: () => Promise<void>) => void;
  onCancel: () => void;
}) {
  const { client, onDone, onProblem, onCancel } = props;
  const [started, setStarted] = useState<Started>();
  const [passCode, setPassCode] = useState("");
  const [checking, setChecking] = useState(false);

  const start = async () => {
    const { data, error } = await client.sendEnrollFactorRequest({ factorType: "OTP" });
    if (error) return onProblem(error, start);
    const otp = data.otpData;
    if (!otp) return onProblem({ statusCode: 500, message: "The answer carried no QR code." });
    setStarted({ enrollmentToken: data.enrollmentToken, qrCodeDataUrl: otp.qrCodeDataUrl, recoveryCode: otp.recoveryCode });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the setup opens (start is a new function on every render)
  useEffect(() => void start(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!started) return;
    setChecking(true);
    const { error } = await client.enrollFactor({
      factorType: "OTP",
      enrollmentToken: started.enrollmentToken,
      enrollmentData: { passCode },
    });
    setChecking(false);
    if (error) return onProblem(error);
    await onDone();
  };

  if (!started) return <p aria-busy="true">Preparing your QR code…</p>;
  return (
    <form onSubmit={submit} aria-label="Set up authenticator app">
      <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
      <img src={started.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
      <p>
        Keep this recovery code somewhere safe: <code data-testid="recovery-code">{started.recoveryCode}</code>
      </p>
      <label>
        Code from the app{" "}
        <input inputMode="numeric" autoComplete="one-time-code" value={passCode} onChange={(e) => setPassCode(e.target.value.trim())} />
      </label>{" "}
      <button type="submit" disabled={checking || passCode.length === 0}>
        {checking ? "Checking…" : "Turn on"}
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
