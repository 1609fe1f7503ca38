/**
 * Writes generated/openapi.d.ts from openapi.yaml (with a type per schema under its GenAuth name,
 * such as `FactorDto`, which the client package exports), or with --check fails when the committed file
 * is stale. One script does both, so what CI checks is exactly what `npm run generate` writes.
 */
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";

const SPEC = new URL("../openapi.yaml", import.meta.url);
const OUTPUT = new URL("../generated/openapi.d.ts", import.meta.url);
const BANNER = "// Generated from openapi.yaml by `npm run generate`. Do not edit by hand.\n\n";

const fresh = BANNER + astToString(await openapiTS(SPEC, { alphabetize: false, rootTypes: true, rootTypesNoSchemaPrefix: true }));

if (process.argv.includes("--check")) {
  const committed = await readFile(OUTPUT, "utf8").catch(() => "");
  if (committed !== fresh) {
    console.error("generated/openapi.d.ts is stale: run `npm run generate` and commit the result.");
    process.exit(1);
  }
  console.log("generated/openapi.d.ts is up to date.");
} else {
  await writeFile(OUTPUT, fresh);
  console.log("Wrote generated/openapi.d.ts.");
}
