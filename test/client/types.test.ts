import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHECKS = fileURLToPath(new URL("./type-checks.ts", import.meta.url));
const EXPECT_ERROR = /^\s*\/\/ @ts-expect-error: (.*)$/;

/** The repository's compiler options, with exactOptionalPropertyTypes as asked. */
function options(exactOptionalPropertyTypes: boolean): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}/tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  return { ...config!.options, exactOptionalPropertyTypes, noEmit: true };
}

/**
 * The errors of type-checks.ts per line, compiled with its `@ts-expect-error` comments blanked (so
 * that each error they hide shows). A host that serves the blanked text for that one file.
 */
function errorsByLine(exact: boolean): Map<number, string[]> {
  const blanked = readFileSync(CHECKS, "utf8").replace(/\/\/ @ts-expect-error:/g, "// expected error:");
  const compilerOptions = options(exact);
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === CHECKS ? ts.createSourceFile(name, blanked, version) : getSourceFile(name, version, ...rest);
  const program = ts.createProgram([CHECKS], compilerOptions, host);
  const file = program.getSourceFile(CHECKS)!;
  const byLine = new Map<number, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program, file)) {
    const line = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    byLine.set(line, [...(byLine.get(line) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")]);
  }
  return byLine;
}

describe.each([true, false])("the client's type-level checks with exactOptionalPropertyTypes %s", (exact) => {
  it("compile, each @ts-expect-error standing for exactly one error, about what its comment names", () => {
    const lines = readFileSync(CHECKS, "utf8").split("\n");
    const expected = new Map(
      lines.flatMap((text, at) => (EXPECT_ERROR.test(text) ? [[at + 1, EXPECT_ERROR.exec(text)![1]!] as const] : [])),
    );
    const errors = errorsByLine(exact);
    // Only the lines under an @ts-expect-error fail: every passing call passes.
    expect([...errors.keys()].filter((line) => !expected.has(line)).map((line) => `${lines[line]}: ${errors.get(line)}`)).toEqual([]);
    for (const [line, reason] of expected) {
      const found = errors.get(line) ?? [];
      expect(found, `${reason}\n${lines[line]}`).toHaveLength(1);
      // Words in backquotes in the comment name the error's root cause: the last line of its chain.
      const cause = found[0]!.split("\n").at(-1)!;
      for (const [, words] of reason.matchAll(/`([^`]+)`/g)) expect(cause, reason).toContain(words);
    }
  }, 60_000);
});
