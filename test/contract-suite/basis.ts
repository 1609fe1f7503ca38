import { AsyncLocalStorage } from "node:async_hooks";
import { it, type TestContext } from "vitest";
import { PROVENANCE } from "../../src/contract/provenance.ts";
import { operation } from "../../src/contract/operations.ts";
import { spec } from "../../src/contract/spec.ts";
import type { CaseProvenance } from "./report/outcomes.ts";
import { skipNote } from "./skip-notes.ts";
import { servesExamples, target } from "./target.ts";

/**
 * What a case asserts, named with the contract's own marks, so that the suite knows whose rule it
 * checks: GenAuth's (documented or inferred, held against every target) or ours (invented, held
 * against our own targets only). A remote target at GenAuth's level is never failed on our rules.
 */
export interface Basis {
  /** Names in `x-genauth-rules` (top level or on an operation). */
  rules?: string[];
  /** Operations the case calls, where one of them may be of ours (`mfaOtpRecover`). */
  operations?: string[];
  /** apiCodes in `x-genauth-api-codes` the case asserts. */
  apiCodes?: number[];
  /** Something of ours that no table names (our wording, our headers, the mock's own features). */
  ours?: string;
  /** What the target must have for the case to mean anything. */
  needs?: Need[];
}

/**
 * `state`: rate limits, single use, bound factors; `otherUser`: a second access token; `socket`: a
 * real connection (not in-process handlers); `mock`: the mock's own features (Prefer, scenarios);
 * `examples`: answers that are the contract's examples (the mock without state); `outbox`: the
 * development outbox at GET /dev/outbox (the reference server's, the stateful mock's).
 */
export type Need = "state" | "otherUser" | "socket" | "mock" | "examples" | "outbox";

type Marked = Record<string, unknown>;

const ruleMarks = new Map<string, Marked>();
for (const rule of (spec as unknown as Marked)["x-genauth-rules"] as Marked[]) ruleMarks.set(String(rule.name), rule);
for (const item of Object.values(spec.paths))
  for (const op of Object.values(item))
    for (const rule of ((op as unknown as Marked)["x-genauth-rules"] as Marked[] | undefined) ?? []) ruleMarks.set(String(rule.name), rule);
const apiCodeMarks = new Map(((spec as unknown as Marked)["x-genauth-api-codes"] as Marked[]).map((e) => [Number(e.apiCode), e]));

/** The provenance of a rule, an apiCode or an operation; throws for a name the contract lacks. */
export function provenanceOf(kind: "rule" | "apiCode" | "operation", name: string | number): string {
  if (kind === "operation") {
    const op = operation(String(name));
    // An operation without a mark is GenAuth's own: only the ones this contract adds carry `invented`.
    return String((spec.paths[op.path]![op.method.toLowerCase()] as unknown as Marked)[PROVENANCE] ?? "documented");
  }
  const node = kind === "rule" ? ruleMarks.get(String(name)) : apiCodeMarks.get(Number(name));
  if (!node) throw new Error(`openapi.yaml has no ${kind} ${name}`);
  return String(node[PROVENANCE]);
}

/** A refusal a rule of the contract names: its statusCode, and its apiCode or the field its message names. */
export interface RuleRefusal {
  rule: string;
  statusCode: number;
  apiCode?: number;
  field?: string;
}

/** Every rule of `x-genauth-rules` (top level and per operation) that refuses with a statusCode. */
export const ruleRefusals: RuleRefusal[] = [...ruleMarks.values()]
  .filter((r) => typeof r.statusCode === "number")
  .map((r) => ({
    rule: String(r.name),
    statusCode: Number(r.statusCode),
    apiCode: r.apiCode as number | undefined,
    field: r.field as string | undefined,
  }));

/** Whether the target is held to our own rules: our targets always, a remote one only when asked. */
export const holdsOurRules = target.name !== "remote" || target.profile === "reference";

/** The value at a dotted path of a request body (`profile.email`), if it has one. */
const at = (body: unknown, path: string) =>
  path
    .split(".")
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), body);

/**
 * The rule that explains a refusal of a request the GenAuth-level schemas accept, among the rules
 * this target is held to; undefined when none does. On our targets a rule explains a refusal with its
 * statusCode and its apiCode or, without one, a message that names its field (the wording is ours).
 * A remote target is held to GenAuth's rules with their apiCodes; and a rule about a value GenAuth
 * types as a plain string (an email, a phone number, an SMS or email code) explains a 400 to a request
 * that carried that field whatever its words or apiCode, since a tenant may refuse a value it cannot
 * use in its own way.
 */
export function refusalRule(body: { statusCode: number; message?: string; apiCode?: number }, sent?: unknown): string | undefined {
  const explains = (r: RuleRefusal) => {
    if (r.statusCode !== body.statusCode) return false;
    // An apiCode names the refusal by itself; a rule without one is known by the field its message names.
    if (holdsOurRules)
      return r.apiCode !== undefined ? r.apiCode === body.apiCode : r.field === undefined || (body.message ?? "").includes(r.field);
    if (r.field !== undefined) return at(sent, r.field) !== undefined;
    return provenanceOf("rule", r.rule) !== "invented" && (r.apiCode === undefined || r.apiCode === body.apiCode);
  };
  return ruleRefusals.find(explains)?.rule;
}

/** Why a case with this basis cannot run on this target, or undefined when it runs. */
export function skipReason(basis: Basis): string | undefined {
  const needs = basis.needs ?? [];
  if (needs.includes("mock") && target.name !== "mock") return skipNote("target", "it is about the mock's own features");
  if (needs.includes("examples") && !servesExamples)
    return skipNote("target", "it checks the contract's examples, which a stateful target serves only when they are named");
  if (needs.includes("outbox") && !target.outbox)
    return skipNote("target", "it reads the development outbox of the reference server or the stateful mock");
  if (needs.includes("socket") && target.inProcess)
    return skipNote("target", "it needs a real connection, and the handlers answer in process");
  if (needs.includes("state") && !target.stateful) return skipNote("stateless", "it needs a target that keeps state");
  if (needs.includes("otherUser") && target.otherAccessToken === undefined)
    return skipNote("target", "it needs a second user's access token (CONTRACT_OTHER_ACCESS_TOKEN)");
  if (holdsOurRules) return undefined;
  if (basis.ours) return skipNote("ours", basis.ours);
  for (const rule of basis.rules ?? []) if (provenanceOf("rule", rule) === "invented") return skipNote("ours", `the rule ${rule}`);
  for (const op of basis.operations ?? []) if (provenanceOf("operation", op) === "invented") return skipNote("ours", `the operation ${op}`);
  for (const code of basis.apiCodes ?? []) if (provenanceOf("apiCode", code) === "invented") return skipNote("ours", `apiCode ${code}`);
  return undefined;
}

interface Running {
  basis: Basis;
  context: TestContext;
}

const running = new AsyncLocalStorage<Running>();

/**
 * Called by `call` for every answer: on a remote target, a 429 that the case did not ask for (a call
 * whose throttling is the case's subject says so) skips the case, since the target's own throttling
 * says nothing about the rule the case checks, and must never pass as if it did. Our own targets run
 * the suite with their caps out of reach (the mock's 429s are scenarios asked for), so there a 429
 * is an answer the case judges.
 */
export function onAnswer(
  operationId: string,
  body: { statusCode?: unknown; message?: unknown; apiCode?: unknown },
  throttleExpected = false,
): void {
  if (body.statusCode === 429 && !throttleExpected) skipThrottled(`${operationId} answered 429: ${String(body.message)}`);
  // GenAuth binds no face for a user with no phone number or email address (apiCode 1703): a remote
  // target's user may have neither, which says nothing about what the case checks. Our own targets'
  // users have an address, so there a 1703 is an answer the case judges; and a call that expects
  // throttling (the fuzz) judges every refusal itself.
  if (body.apiCode === 1703 && !throttleExpected)
    skipOnRemote(
      skipNote(
        "target",
        `${operationId} answered apiCode 1703: the user has no phone number or email address bound, so no face can be bound`,
      ),
    );
}

/** Skips the running case on a remote target; does nothing on our own targets. */
function skipOnRemote(note: string): void {
  const current = running.getStore();
  if (current && target.name === "remote") current.context.skip(note);
}

/** Skips the running case as throttled by a remote target; does nothing on our own targets. */
export function skipThrottled(why: string): void {
  skipOnRemote(skipNote("throttled", why));
}

/** Skips the running case if it would call an operation of ours on a target not held to our rules. */
export function beforeCall(operationId: string): void {
  const current = running.getStore();
  if (!current || holdsOurRules || provenanceOf("operation", operationId) !== "invented") return;
  current.context.skip(skipNote("ours", `the operation ${operationId}`));
}

/** Whose rule a case checks: ours if any of its marks is invented, else inferred if any is, else documented. */
export function caseProvenance(basis: Basis): CaseProvenance {
  const marks = [
    ...(basis.rules ?? []).map((r) => provenanceOf("rule", r)),
    ...(basis.apiCodes ?? []).map((c) => provenanceOf("apiCode", c)),
    ...(basis.operations ?? []).map((o) => provenanceOf("operation", o)),
  ];
  if (basis.ours || marks.includes("invented")) return "invented";
  return marks.includes("inferred") ? "inferred" : "documented";
}

type CaseBody<T> = (context: TestContext, ...args: T[]) => Promise<void> | void;

function gated<T>(basis: Basis, body: CaseBody<T>) {
  return async (context: TestContext, ...args: T[]) => {
    const reason = skipReason(basis);
    if (reason) return context.skip(reason);
    context.task.meta.provenance = caseProvenance(basis);
    await running.run({ basis, context }, () => body(context, ...args));
  };
}

/** A contract case: skipped, with its reason, where its basis does not hold; run otherwise. */
export function contractCase(name: string, basis: Basis, body: CaseBody<never>, timeout?: number): void {
  it(name, (context) => gated(basis, body)(context), timeout);
}

/** Like `contractCase`, run alongside the file's other concurrent cases: for cases that share no state. */
contractCase.concurrent = (name: string, basis: Basis, body: CaseBody<never>, timeout?: number): void => {
  it.concurrent(name, (context) => gated(basis, body)(context), timeout);
};

/**
 * A table of contract cases, run concurrently: they share no state. Each row's basis is its own
 * `basis` field, or the table's `shared` one.
 */
export function contractTable<T extends object>(
  name: string,
  rows: readonly T[],
  body: (row: T, context: TestContext) => Promise<void>,
  shared: Basis = {},
): void {
  it.concurrent.for(rows)(name, async (row, context) => {
    const basis = (row as { basis?: Basis }).basis ?? shared;
    const reason = skipReason(basis);
    if (reason) return context.skip(reason);
    context.task.meta.provenance = caseProvenance(basis);
    await running.run({ basis, context }, () => body(row, context));
  });
}
