import { useState } from "react";
import type { FactorDto } from "genauth-mfa-client";

export type BoundFactor = FactorDto;

const NAMES = { OTP: "Authenticator app", SMS: "Text message", EMAIL: "Email", FACE: "Face" } as const;

/** What the factor is bound to, as GenAuth's profile shows it (masked). */
function detail(factor: BoundFactor): string {
  const profile = (factor.profile ?? {}) as Record<string, string | null | undefined>;
  if (factor.factorType === "SMS") return `${profile.phoneCountryCode ?? ""} ${profile.phoneNumber ?? ""}`.trim();
  if (factor.factorType === "EMAIL") return profile.email ?? "";
  if (factor.factorType === "OTP") return [profile.issuer, profile.accountName].filter(Boolean).join(": ");
  return "";
}

/** The bound factors, each with its unbind button; a loading line until the list arrives. */
export function BoundFactors({ factors, onUnbind }: { factors: BoundFactor[] | undefined; onUnbind: (factorId: string) => Promise<void> }) {
  const [busy, setBusy] = useState<string>();
  if (!factors) return <p aria-busy="true">Loading your sign-in methods…</p>;
  return (
    <section aria-labelledby="bound">
      <h2 id="bound">Your sign-in methods</h2>
      {factors.length === 0 && <p>No second factor yet: add one below.</p>}
      <ul>
        {factors.map((factor) => (
          <li key={factor.factorId} data-factor-type={factor.factorType}>
            <strong>{NAMES[factor.factorType]}</strong> <span>{detail(factor)}</span>{" "}
            <button
              type="button"
              disabled={busy === factor.factorId}
              onClick={async () => {
                setBusy(factor.factorId);
                await onUnbind(factor.factorId);
                setBusy(undefined);
              }}
            >
              {busy === factor.factorId ? "Removing…" : `Remove ${NAMES[factor.factorType].toLowerCase()}`}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
