import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's root, where README.md and docs/ live. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A Markdown file of the repository, by its path from the root (`README.md`, `docs/mock.md`). */
export const markdown = (path: string): string => readFileSync(new URL(path, `file://${ROOT}`), "utf8");

/** The bodies of a Markdown text's fenced blocks in one language (`sh`, `ts`), in the order they appear. */
export const codeBlocks = (text: string, lang: string): string[] =>
  [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]!);

/**
 * The body of the section under a `## ` heading, up to the next heading of that level or the end
 * of the text (its own `### ` subsections included); empty when there is no such heading.
 */
export function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) return "";
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}
