import ts from "typescript";

// Object literals that add properties after a spread, read with the TypeScript compiler. On Node 20,
// `{ ...a, b }` (or `{ ...a, ...c }`) gives each object it makes a hidden class of its own: about a
// microsecond a property to build, and every function that later reads such objects goes megamorphic.
// `{ b, ...a }` and `Object.assign({}, a, { b })` build objects of one shape in tens of nanoseconds.

/** An object literal with a property after a spread: where it starts, and its text on one line. */
export interface LateProperty {
  /** Its first line, counted from 1. */
  line: number;
  text: string;
}

/** Every object literal of a file that has a property, or another spread, after a spread. */
export function propertiesAfterSpread(text: string, fileName = "file.ts"): LateProperty[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LateProperty[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const first = node.properties.findIndex((p) => ts.isSpreadAssignment(p));
      if (first >= 0 && first < node.properties.length - 1) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ line, text: node.getText(source).replace(/\s+/g, " ") });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
