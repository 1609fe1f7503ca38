/**
 * Writes generated/openapi.d.ts and generated/openapi.json (the contract that the runtime-neutral
 * code embeds, so that no target reads it from disk) from openapi.yaml (with a type per schema under its GenAuth name,
 * such as `FactorDto`, which the client package exports), or with --check fails when the committed file
 * is stale. One script does both, so what CI checks is exactly what `npm run generate` writes. It first
 * renders the status code, apiCode and rule tables of the contract's description from their extensions.
 */
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
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

const outputs: Array<[string, string]> = [
  ["generated/openapi.d.ts", BANNER + astToString(await openapiTS(SPEC, { alphabetize: false, rootTypes: true, rootTypesNoSchemaPrefix: true }))],
  ["generated/openapi.json", JSON.stringify(parse(await readFile(SPEC, "utf8")), null, 1) + "\n"],
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
