import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { referenceLevel } from "../contract/reference-level.ts";
import { spec, type JsonSchema } from "../contract/spec.ts";
import { projectRoot } from "../project-root.ts";

/**
 * The document Prism serves. Static mode serves openapi.yaml itself. Dynamic mode serves a copy in
 * which each operation's HTTP 200 schema is only its success branch: left with the success-or-error
 * oneOf, json-schema-faker would answer a valid request with a random error envelope half the time.
 * The error envelopes stay reachable through their named examples (`Prefer: example=throttled`).
 * Every `x-reference` is merged in, so that json-schema-faker draws bodies our targets would send;
 * request bodies are left unchecked there, because `x-reference` constrains answers only and the
 * fidelity core has already checked each request at GenAuth's level.
 */
export function mockSpecPath(dynamic: boolean): string {
  if (!dynamic) return join(projectRoot(), "openapi.yaml");
  const copy = referenceLevel(structuredClone(spec));
  for (const item of Object.values(copy.paths)) {
    for (const op of Object.values(item)) {
      const request = op.requestBody?.content["application/json"];
      if (request) request.schema = {};
      const media = op.responses["200"]?.content["application/json"];
      const branches = media?.schema.oneOf as JsonSchema[] | undefined;
      if (media && branches?.[0]) media.schema = branches[0];
    }
  }
  const path = join(tmpdir(), `genauth-mfa-mock-${process.pid}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}
