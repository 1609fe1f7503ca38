import { useEffect, useState } from "react";

/** What the stateful mock "sent" to a phone number or address, newest last. */
export type OutboxReader = (to: string) => ReadonlyArray<{ code: string; text?: string }>;

/**
 * A development aid, not part of a real page: the mock sends no text messages, so the code it
 * "sent" is shown here, read from its outbox, as a tester would read it from their phone.
 */
export function DevOutbox({ outbox, to }: { outbox: OutboxReader; to: string }) {
  const [code, setCode] = useState<string>();
  useEffect(() => {
    const read = () => setCode(outbox(to).at(-1)?.code);
    read();
    const timer = setInterval(read, 250);
    return () => clearInterval(timer);
  }, [outbox, to]);
  return (
    <aside className="dev-outbox" aria-label="Development outbox">
      Development outbox: the code sent to {to} is <output data-testid="outbox-code">{code ?? "…"}</output>
    </aside>
  );
}
