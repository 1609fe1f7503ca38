import { markText, PROVENANCE } from "./provenance.ts";

type Node = Record<string, unknown>;

/**
 * The contract as the HTML reference shows it: each operation's description ends with its
 * provenance mark, and each example, inlined where it is used, is titled with its key (the name
 * `Prefer: example=<key>` takes) beside its summary and its mark. openapi.yaml itself is not changed.
 */
export function docsView<T>(spec: T): T {
  const doc = structuredClone(spec) as unknown as {
    paths: Record<string, Record<string, Node>>;
    components: { examples: Record<string, Node> };
  };
  const exampleOf = (ref: string) => doc.components.examples[ref.replace("#/components/examples/", "")]!;
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op[PROVENANCE]) op.description = `${String(op.description ?? "").trimEnd()}\n\n**Provenance:** ${markText(op)}.`;
      const bodies = [
        (op.requestBody as Node | undefined)?.content,
        ...Object.values((op.responses as Record<string, Node> | undefined) ?? {}).map((r) => r.content),
      ] as Array<Record<string, Node> | undefined>;
      for (const media of bodies.flatMap((content) => Object.values(content ?? {}))) {
        const examples = media.examples as Record<string, Node> | undefined;
        for (const [key, entry] of Object.entries(examples ?? {})) {
          const example = typeof entry.$ref === "string" ? exampleOf(entry.$ref) : entry;
          examples![key] = Object.assign({}, example, {
            summary: `${key}: ${String(example.summary ?? key)} (${String(example[PROVENANCE] ?? "unmarked")})`,
          });
          const source = markText(example);
          if (example[PROVENANCE] !== "invented")
            examples![key]!.description = `${String(example.description ?? "").trimEnd()}\n\nProvenance: ${source}.`.trim();
        }
      }
    }
  }
  return doc as unknown as T;
}
