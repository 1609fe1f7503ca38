import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operations } from "../../src/contract/operations.ts";
import { API_CODES } from "../../generated/api-codes.ts";
import { markText, PROVENANCE, renderTable, SOURCE, withFreshTables } from "../../src/contract/provenance.ts";
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
    Object.values(item).flatMap((op) =>
      ((op["x-genauth-rules"] as Marked[] | undefined) ?? []).map((node) => ({ what: `rule ${node.name} of ${op.operationId}`, node })),
    ),
  ),
  ...Object.values((spec as unknown as { components: { securitySchemes: Record<string, Marked> } }).components.securitySchemes).flatMap(
    (scheme) => [
      { what: "the access token scheme", node: scheme },
      ...((scheme["x-genauth-credentials"] as Marked[] | undefined) ?? []).map((node) => ({ what: `credential ${node.name}`, node })),
    ],
  ),
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
    const missing = JSON.stringify(spec)
      .match(/"x-api-code-when-missing":\d+/g)!
      .map((m) => Number(m.split(":")[1]));
    for (const code of [...used, ...missing].filter((c) => c !== undefined)) expect(tabled, `apiCode ${code}`).toContain(code);
  });

  it("names every apiCode once, in camelCase, and API_CODES maps exactly those names to their codes", () => {
    const names = doc["x-genauth-api-codes"].map((c) => c.name as string);
    for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(names).size, "apiCode names").toBe(names.length);
    expect(API_CODES).toEqual(Object.fromEntries(doc["x-genauth-api-codes"].map((c) => [c.name, c.apiCode])));
  });

  it("marks what we invented as invented: mfaOtpRecover, the 61xx apiCodes, the token's rules, the body limit, the lock-out", () => {
    const mark = (what: string) => elements.find((e) => e.what === what)?.node["x-genauth-provenance"];
    expect(mark("operation mfaOtpRecover")).toBe("invented");
    for (const code of [6101, 6110, 6111, 6112, 6113, 6114, 6115]) expect(mark(`apiCode ${code}`)).toBe("invented");
    for (const rule of ["enrollmentTokenSingleUse", "bodyLimit", "totpLockout"]) expect(mark(`rule ${rule}`)).toBe("invented");
  });
});

describe("the description's tables, rendered from the marks", () => {
  const text = readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8");

  it("are in openapi.yaml exactly as the extensions render them", () => {
    expect(withFreshTables(text, parse(text))).toBe(text);
  });

  it("replace a stale table with a fresh one, keeping its indent and everything around it", () => {
    const stale = text.replace(/(<!-- table: x-genauth-rules -->\n)[\s\S]*?(^ *<!-- end of table -->)/m, "$1    | stale |\n$2");
    expect(stale).not.toBe(text);
    expect(withFreshTables(stale, parse(stale))).toBe(text);
  });

  it("render a table the document has no entries for as its head alone", () => {
    expect(withFreshTables("<!-- table: x-genauth-rules -->\n<!-- end of table -->", {})).toBe(
      ["<!-- table: x-genauth-rules -->", "| Rule | What it says | Provenance |", "|---|---|---|", "<!-- end of table -->"].join("\n"),
    );
  });

  it("leave a region alone whose markers do not stand on lines of their own", () => {
    for (const region of [
      "see <!-- table: x-genauth-rules -->\nold\n<!-- end of table -->",
      "<!-- table: x-genauth-rules -->\nold\n<!-- end of table --> and more",
      "<!-- table: x-genauth-rules -->\nold <!-- end of table -->",
    ])
      expect(withFreshTables(region, {})).toBe(region);
  });

  it("give each entry a row ending with its mark, with an empty cell for a missing field and | escaped", () => {
    const rules = [{ name: "a|b", [PROVENANCE]: "inferred", [SOURCE]: "https://example.com/x" }];
    expect(renderTable("x-genauth-rules", rules)).toBe(
      ["| Rule | What it says | Provenance |", "|---|---|---|", "| a\\|b |  | inferred ([source](https://example.com/x)) |"].join("\n"),
    );
  });
});

describe("a mark as the docs show it", () => {
  it("reads `invented here` for this contract's own, the mark with its source link, or the mark alone", () => {
    expect(markText({ [PROVENANCE]: "invented", [SOURCE]: "https://example.com/x" })).toBe("invented here");
    expect(markText({ [PROVENANCE]: "documented", [SOURCE]: "https://example.com/x" })).toBe(
      "documented ([source](https://example.com/x))",
    );
    expect(markText({ [PROVENANCE]: "inferred" })).toBe("inferred");
  });
});
