import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { spec } from "../../src/contract/spec.ts";

// Every element of the contract says where it comes from, in vendor extensions the tests (and the
// docs build) read: GenAuth's docs (documented), GenAuth's clients (inferred), or this project (invented).
const MARKS = ["documented", "inferred", "invented"];

type Marked = Record<string, unknown>;
const doc = spec as unknown as {
  paths: Record<string, Record<string, Marked>>;
  components: { examples: Record<string, Marked>; parameters: Record<string, Marked> };
  "x-genauth-status-codes": Marked[];
  "x-genauth-api-codes": Marked[];
  "x-genauth-rules": Marked[];
};

const elements: Array<{ what: string; node: Marked }> = [
  ...Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => ({ what: `operation ${op.operationId}`, node: op }))),
  ...Object.entries(doc.components.examples).map(([name, node]) => ({ what: `example ${name}`, node })),
  ...Object.entries(doc.components.parameters).map(([name, node]) => ({ what: `parameter ${name}`, node })),
  ...doc["x-genauth-status-codes"].map((node) => ({ what: `statusCode ${node.statusCode}`, node })),
  ...doc["x-genauth-api-codes"].map((node) => ({ what: `apiCode ${node.apiCode}`, node })),
  ...doc["x-genauth-rules"].map((node) => ({ what: `rule ${node.name}`, node })),
  // Rules of one operation, and the credentials the security scheme lists, carry marks too.
  ...Object.values(doc.paths).flatMap((item) =>
    Object.values(item).flatMap((op) => ((op["x-genauth-rules"] as Marked[] | undefined) ?? []).map((node) => ({ what: `rule ${node.name} of ${op.operationId}`, node }))),
  ),
  ...Object.values((spec as unknown as { components: { securitySchemes: Record<string, Marked> } }).components.securitySchemes).flatMap((scheme) => [
    { what: "the access token scheme", node: scheme },
    ...((scheme["x-genauth-credentials"] as Marked[] | undefined) ?? []).map((node) => ({ what: `credential ${node.name}`, node })),
  ]),
];

describe("the contract's provenance marks", () => {
  it.each(elements)("marks $what as documented, inferred or invented, with a source unless invented", ({ node }) => {
    expect(MARKS).toContain(node["x-genauth-provenance"]);
    if (node["x-genauth-provenance"] !== "invented") expect(node["x-genauth-source"]).toMatch(/^https:\/\//);
  });

  it("tables every statusCode the error envelope allows, and no other", () => {
    const allowed = (spec.components.schemas.ErrorRespDto as { properties: { statusCode: { enum: number[] } } }).properties.statusCode.enum;
    expect(doc["x-genauth-status-codes"].map((c) => c.statusCode).sort()).toEqual([...allowed].sort());
  });

  it("tables every apiCode an example or the schemas use", () => {
    const tabled = new Set(doc["x-genauth-api-codes"].map((c) => c.apiCode));
    const used = operations.flatMap((op) => [...op.responseExamples.values()].map((v) => (v as { apiCode?: number }).apiCode));
    const missing = JSON.stringify(spec).match(/"x-api-code-when-missing":\d+/g)!.map((m) => Number(m.split(":")[1]));
    for (const code of [...used, ...missing].filter((c) => c !== undefined)) expect(tabled, `apiCode ${code}`).toContain(code);
  });

  it("marks what this project invented as invented: mfaOtpRecover, the 61xx apiCodes, the token's rules, the body limit, the lock-out", () => {
    const mark = (what: string) => elements.find((e) => e.what === what)?.node["x-genauth-provenance"];
    expect(mark("operation mfaOtpRecover")).toBe("invented");
    for (const code of [6101, 6110, 6111, 6112, 6113, 6114, 6115]) expect(mark(`apiCode ${code}`)).toBe("invented");
    for (const rule of ["enrollmentTokenSingleUse", "bodyLimit", "totpLockout"]) expect(mark(`rule ${rule}`)).toBe("invented");
  });
});
