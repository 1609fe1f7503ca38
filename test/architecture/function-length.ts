import ts from "typescript";

// How long the functions of a source file are, read with the TypeScript compiler. A function is
// measured from its first line to its last: its nested functions, blank lines and comments count, so
// a factory that returns closures counts whole. Its own leading JSDoc does not.

/** One function of a file, where it starts and how many lines it spans. */
export interface FunctionLength {
  name: string;
  /** Its first line, counted from 1. */
  line: number;
  lines: number;
}

/** The name a function goes by: its own, or that of the variable, property or class member that holds it. */
function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const own =
    node.name ??
    (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent)
      ? node.parent.name
      : undefined);
  return own ? own.getText(source) : "(anonymous)";
}

/** Every function, method, accessor and arrow function of a file that has a body, with its length. */
export function functionLengths(text: string, fileName = "file.ts"): FunctionLength[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: FunctionLength[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const line = lineOf(node.getStart(source));
      found.push({ name: nameOf(node, source), line, lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
