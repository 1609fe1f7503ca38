import { describe, expect, it } from "vitest";
import { docsView } from "../../src/contract/docs-view.ts";
import { spec } from "../../src/contract/spec.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests walk the contract as the plain JSON document it is
type Node = Record<string, any>;
const SEND = "/api/v3/send-enroll-factor-request";
const original = spec as unknown as Node;
// Built in each test rather than once at import, so that every test runs the code it checks.
const view = () => docsView(spec) as unknown as Node;
const send = (doc: Node) => doc.paths[SEND].post;
const sourceOf = (node: Node) => `[source](${node["x-genauth-source"]})`;

describe("the contract as the HTML reference shows it", () => {
  it("ends an operation's description with its provenance mark and source", () => {
    const op = send(original);
    expect(send(view()).description).toBe(`${op.description.trimEnd()}\n\n**Provenance:** documented (${sourceOf(op)}).`);
  });

  it("inlines a referenced example under its key, titled `key: summary (mark)`, with its source below its description", () => {
    const example = original.components.examples.SmsEnrollmentStarted;
    const shown = send(view()).responses["200"].content["application/json"].examples.sms;
    expect(shown.$ref).toBeUndefined();
    expect(shown.value).toEqual(example.value);
    expect(shown.summary).toBe("sms: SMS binding started (inferred)");
    expect(shown.description).toBe(`${example.description}\n\nProvenance: inferred (${sourceOf(example)}).`);
  });

  it("titles an invented example with its mark but adds no provenance line to its description", () => {
    const example = original.components.examples.StepUpRequired;
    const shown = send(view()).responses["200"].content["application/json"].examples.stepUpRequired;
    expect(shown.summary).toBe("stepUpRequired: Step-up required (invented)");
    expect(shown.description).toBe(example.description);
  });

  it("marks request-body examples too", () => {
    expect(send(view()).requestBody.content["application/json"].examples.otp.summary).toMatch(
      /^otp: .+ \((documented|inferred|invented)\)$/,
    );
  });

  it("leaves the contract it was given unchanged", () => {
    const before = JSON.stringify(spec);
    view();
    expect(JSON.stringify(spec)).toBe(before);
  });
});
