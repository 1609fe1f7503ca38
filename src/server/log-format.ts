/** How the server writes its log: one JSON object per line, or one readable line per event. */
export type LogFormat = "json" | "pretty";

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  method?: string;
  url?: string;
  ms?: number;
  err?: { message?: string; stack?: string };
}

/**
 * One pino JSON line as one readable line: time, level, message, the request and how long it took,
 * and the request id, so that the outbox's code lines between them stay easy to spot. An error's
 * stack follows on indented lines: it is rare, and a stack cut to one line is no use.
 */
export function prettyLine(json: string): string {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return json.trimEnd(); // not pino's: pass it on as it came
  }
  const time = new Date(line.time ?? Date.now()).toISOString().slice(11, 23);
  const parts = [time, (LEVELS[line.level ?? 30] ?? String(line.level)).padEnd(5), line.msg ?? ""];
  if (line.method && line.url) parts.push(`${line.method} ${line.url}`);
  if (line.ms !== undefined) parts.push(`${line.ms} ms`);
  if (line.err?.message && !line.err.stack) parts.push(line.err.message);
  if (line.reqId) parts.push(`(${line.reqId})`);
  const stack = line.err?.stack ? `\n    ${line.err.stack.split("\n").join("\n    ")}` : "";
  return parts.filter(Boolean).join(" ") + stack;
}

/** A destination for pino that writes each line in the pretty format. */
export function prettyStream(out: { write(text: string): unknown } = process.stdout): { write(chunk: string): void } {
  return { write: (chunk) => void out.write(`${prettyLine(chunk)}\n`) };
}
