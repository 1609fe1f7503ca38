/**
 * Writes generated/openapi.d.ts, generated/names.d.ts (the example names and languages as unions),
 * generated/api-codes.ts (each apiCode by its name, the one runtime module here) and
 * generated/openapi.json (the contract that the runtime-neutral code embeds, so that no target
 * reads it from disk) from openapi.yaml (with a type per schema under its GenAuth name,
 * such as `FactorDto`, which the client package exports), or with --check fails when the committed file
 * is stale. One script does both, so what CI checks is exactly what `npm run generate` writes. It first
 * renders the status code, apiCode and rule tables of the contract's description from their extensions.
 */
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { parse } from "yaml";
import { withFreshTables } from "../src/contract/provenance.ts";

const SPEC = new URL("../openapi.yaml", import.meta.url);
const BANNER = "// Generated from openapi.yaml by `npm run generate`. Do not edit by hand.\n\n";

// The description's tables are rendered from the contract's provenance extensions first.
const text = await readFile(SPEC, "utf8");
const tabled = withFreshTables(text, parse(text));
if (tabled !== text) {
  if (process.argv.includes("--check")) {
    console.error("openapi.yaml's description tables are stale: run `npm run generate` and commit the result.");
    process.exit(1);
  }
  await writeFile(SPEC, tabled);
  console.log("Rewrote the description tables of openapi.yaml.");
}

/**
 * Every optional property of a schema also takes `undefined`, so that a consumer under
 * `exactOptionalPropertyTypes` can pass `{ profile: maybeProfile }` (GenAuth's SDKs drop undefined
 * fields, and so does JSON). Only `components.schemas`: openapi-fetch reads the `?: never` of `paths`.
 */
function optionalTakesUndefined(nodes: ts.Node[]): ts.Node[] {
  const widen = (context: ts.TransformationContext) => {
    const visit = (node: ts.Node): ts.Node => {
      const child = ts.visitEachChild(node, visit, context);
      if (!ts.isPropertySignature(child) || !child.questionToken || !child.type) return child;
      const undefinedType = ts.factory.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword);
      const members = ts.isUnionTypeNode(child.type) ? [...child.type.types, undefinedType] : [child.type, undefinedType];
      return ts.factory.updatePropertySignature(
        child,
        child.modifiers,
        child.name,
        child.questionToken,
        ts.factory.createUnionTypeNode(members),
      );
    };
    return visit;
  };
  const inSchemas = (context: ts.TransformationContext) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isPropertySignature(node) && ts.isIdentifier(node.name) && node.name.text === "schemas")
        return ts.visitEachChild(node, widen(context), context);
      return ts.visitEachChild(node, visit, context);
    };
    return (node: ts.Node) => visit(node);
  };
  return nodes.map((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "components") return node;
    const result = ts.transform(node, [inSchemas]);
    const [transformed] = result.transformed;
    result.dispose();
    return transformed!;
  });
}

// defaultNonNullable is off: a property with a `default` (isExternalPhoto: false) is one the server
// fills in, so a request may leave it out. openapi-typescript's default would make it required.
const types = await openapiTS(SPEC, { alphabetize: false, rootTypes: true, rootTypesNoSchemaPrefix: true, defaultNonNullable: false });

/**
 * The names a typo must not slip through: each operation's named response examples (what
 * `setScenario` and `Prefer: example=` accept) and the languages messages come in, as unions.
 */
/** An operation as far as names() reads it. */
interface NamedOperation {
  operationId: string;
  responses?: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
}

function names(doc: { paths: Record<string, Record<string, NamedOperation>>; "x-genauth-languages": string[] }): string {
  const union = (values: string[]) => values.map((value) => JSON.stringify(value)).join(" | ") || "never";
  const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
  const lines = operations.map((op) => {
    const examples = Object.keys(op.responses?.["200"]?.content?.["application/json"]?.examples ?? {});
    return `    ${op.operationId}: ${union(examples)};`;
  });
  return `${BANNER}/** Each operation's named response examples: the names \`setScenario\` and \`Prefer: example=\` accept. */
export interface ExampleNames {
${lines.join("\n")}
}

/** The languages the mock and the reference server answer in (\`x-genauth-languages\`). */
export type Language = ${union(doc["x-genauth-languages"])};
`;
}

/**
 * Each apiCode of `x-genauth-api-codes` under its `name`, so that code says which failure it means
 * (`API_CODES.enrollmentTokenUnknown`) and the number lives only in the contract. A .ts module, not
 * a .d.ts: the values are needed at run time, and esbuild, tsx and vitest all load it as it is.
 */
function apiCodes(doc: { "x-genauth-api-codes": Array<{ apiCode: number; name?: string }> }): string {
  const entries = doc["x-genauth-api-codes"].map(({ apiCode, name }) => {
    if (!name || !/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`x-genauth-api-codes: apiCode ${apiCode} needs a camelCase name`);
    return `  ${name}: ${apiCode},`;
  });
  return `${BANNER}/** Each apiCode of the contract (\`x-genauth-api-codes\`), by its name. */
export const API_CODES = {
${entries.join("\n")}
} as const;

/** The name of an apiCode the contract tables. */
export type ApiCodeName = keyof typeof API_CODES;

/** An apiCode the contract tables. */
export type ApiCode = (typeof API_CODES)[ApiCodeName];
`;
}

const outputs: Array<[string, string]> = [
  ["generated/openapi.d.ts", BANNER + astToString(optionalTakesUndefined(types))],
  ["generated/names.d.ts", names(parse(await readFile(SPEC, "utf8")))],
  ["generated/api-codes.ts", apiCodes(parse(await readFile(SPEC, "utf8")))],
  ["generated/openapi.json", `${JSON.stringify(parse(await readFile(SPEC, "utf8")), null, 1)}\n`],
];

for (const [path, fresh] of outputs) {
  const output = new URL(`../${path}`, import.meta.url);
  if (process.argv.includes("--check")) {
    const committed = await readFile(output, "utf8").catch(() => "");
    if (committed !== fresh) {
      console.error(`${path} is stale: run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${path} is up to date.`);
  } else {
    await writeFile(output, fresh);
    console.log(`Wrote ${path}.`);
  }
}
