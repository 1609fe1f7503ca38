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

  it("marks an operation without a description and an inline example, and leaves what carries no mark unmarked", () => {
    const doc: Node = {
      paths: {
        "/a": {
          post: {
            "x-genauth-provenance": "invented",
            responses: {
              "200": {
                content: {
                  "application/json": {
                    examples: {
                      inline: { value: 1, "x-genauth-provenance": "documented", "x-genauth-source": "https://example.com/a" },
                      bare: { summary: "Bare", value: 2 },
                      spaced: { summary: "Spaced", description: "Text \n", value: 3, "x-genauth-provenance": "inferred" },
                    },
                  },
                },
              },
            },
          },
          get: { description: "Unmarked.", responses: {} },
        },
      },
      components: { examples: {} },
    };
    const shown = docsView(doc);
    expect(shown.paths["/a"].post.description.trim()).toBe("**Provenance:** invented here.");
    expect(shown.paths["/a"].get.description).toBe("Unmarked.");
    const examples: Node = shown.paths["/a"].post.responses["200"].content["application/json"].examples;
    expect(examples.inline).toEqual({
      ...doc.paths["/a"].post.responses["200"].content["application/json"].examples.inline,
      summary: "inline: inline (documented)",
      description: "Provenance: documented ([source](https://example.com/a)).",
    });
    expect(examples.bare.summary).toBe("bare: Bare (unmarked)");
    expect(examples.spaced.description).toBe("Text\n\nProvenance: inferred.");
  });

  it("leaves the contract it was given unchanged", () => {
    const before = JSON.stringify(spec);
    view();
    expect(JSON.stringify(spec)).toBe(before);
  });
});
