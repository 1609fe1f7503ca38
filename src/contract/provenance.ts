/**
 * Provenance: where each element of the contract comes from, as vendor extensions in openapi.yaml.
 * `documented` (GenAuth's docs say so), `inferred` (GenAuth's clients show it) or `invented` (this
 * project's own choice), with `x-genauth-source` pointing at the page or the code for the first two.
 * The status code, apiCode and rule tables of the contract's description are rendered from the
 * extensions, so that the prose and the data cannot drift apart.
 */
export const PROVENANCE = "x-genauth-provenance";
export const SOURCE = "x-genauth-source";

type Marked = Record<string, unknown>;

/** The mark of an element as the docs show it: `documented ([source](url))`, or `invented here`. */
export function markText(node: Marked): string {
  const mark = node[PROVENANCE];
  if (mark === "invented") return "invented here";
  return node[SOURCE] ? `${String(mark)} ([source](${String(node[SOURCE])}))` : String(mark);
}

const cell = (value: unknown) => (value === undefined ? "" : String(value).replaceAll("|", "\\|"));

const TABLES: Record<string, { head: string[]; row: (e: Marked) => unknown[] }> = {
  "x-genauth-status-codes": {
    head: ["statusCode", "GenAuth name", "Meaning here", "Provenance"],
    row: (e) => [e.statusCode, e.name, e.meaning],
  },
  // The name is the one code uses (API_CODES in generated/api-codes.ts), so a reader of either finds the other.
  "x-genauth-api-codes": {
    head: ["apiCode", "Name", "statusCode", "Meaning", "GenAuth's wording", "Provenance"],
    row: (e) => [e.apiCode, e.name, e.statusCode, e.meaning, e.genauthWording],
  },
  "x-genauth-rules": { head: ["Rule", "What it says", "Provenance"], row: (e) => [e.name, e.description] },
};

/** One table of the description, in Markdown, from its extension. */
export function renderTable(name: string, entries: Marked[]): string {
  const { head, row } = TABLES[name]!;
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const e of entries) lines.push(`| ${[...row(e), markText(e)].map(cell).join(" | ")} |`);
  return lines.join("\n");
}

/**
 * The text of openapi.yaml with each table region of its description, between
 * `<!-- table: x-genauth-... -->` and `<!-- end of table -->`, rendered afresh from the document.
 */
export function withFreshTables(text: string, doc: Marked): string {
  return text.replace(/^( *)<!-- table: ([\w-]+) -->\n[\s\S]*?^ *<!-- end of table -->$/gm, (_all, indent: string, name: string) => {
    const table = renderTable(name, (doc[name] as Marked[] | undefined) ?? []);
    return [`<!-- table: ${name} -->`, ...table.split("\n"), "<!-- end of table -->"].map((l) => indent + l).join("\n");
  });
}
