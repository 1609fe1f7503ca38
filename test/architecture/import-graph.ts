import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { listTs } from "./source-files.ts";

// The import graph of a source tree, and its circles, between files and between folders. madge and
// import/no-cycle see circles of files only: two folders can import each other through files that
// form no circle, and the layers' arrows no longer run one way.

/** Which files each file imports: project-relative paths, with forward slashes. */
export type ImportGraph = Map<string, string[]>;

/**
 * Every module a file names: `import … from`, `import type`, `export … from`, `import x = require()`,
 * a dynamic `import()` and an `import("…")` type. A type-only import counts: it ties the two files
 * as surely as any other, and a circle of them is one refactor away from a real one.
 */
export function moduleSpecifiers(text: string, fileName = "file.ts"): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      literal(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) literal(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The file a relative specifier names, or undefined for a package (or a file that is not there).
 * `exists` is asked about candidates: the path as written, `.js` read as `.ts`, or with `.ts` or
 * `/index.ts` added.
 */
export function resolveSpecifier(from: string, specifier: string, exists: (path: string) => boolean): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const base = join(dirname(from), specifier).split(sep).join("/");
  const candidates = [base, base.replace(/\.(m?)js$/, ".$1ts"), `${base}.ts`, `${base}/index.ts`];
  return candidates.find(exists);
}

/** The import graph of every .ts file under `dir` (a path relative to `root`), edges inside it only. */
export function importGraph(root: string, dir: string): ImportGraph {
  const files = listTs(join(root, dir)).map((path) => relative(root, path).split(sep).join("/"));
  const inside = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const specifiers = moduleSpecifiers(readFileSync(join(root, file), "utf8"), file);
    const targets = specifiers
      .map((s) => resolveSpecifier(file, s, (path) => inside.has(path) || existsSync(resolve(root, path))))
      .filter((t): t is string => t !== undefined && inside.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The folders a file sits in, from its own up to (not including) `root`: `a/b/c.ts` under `a` gives `a/b`. */
function foldersOf(file: string, root: string): string[] {
  const folders: string[] = [];
  for (let dir = dirname(file); dir !== root && dir.startsWith(`${root}/`); dir = dirname(dir)) folders.push(dir);
  return folders;
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);

/**
 * The graph between folders under `root`: folder A imports folder B when a file anywhere under A
 * imports a file anywhere under B. A folder and its own subfolders are one room: no edge between
 * them. Files directly in `root` belong to no folder but `root`, which holds everything.
 */
export function folderGraph(files: ImportGraph, root: string): ImportGraph {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    for (const target of targets) {
      for (const from of foldersOf(file, root)) {
        for (const to of foldersOf(target, root)) {
          if (within(from, to) || within(to, from)) continue;
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(to);
        }
      }
    }
  }
  return new Map([...edges].map(([from, to]) => [from, [...to].sort()]));
}

/**
 * The circles of a graph: its strongly connected components with more than one member (or one that
 * imports itself), found with Tarjan's algorithm. `members` is the whole component, sorted; `path` is
 * one circle through it from its first member back to it (`a -> b -> a`), so that a failure shows an
 * import to cut.
 */
export function findCycles(graph: ImportGraph): Array<{ members: string[]; path: string[] }> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flat()])].sort();
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!)).map((members) => ({ members, path: circleThrough(graph, members) }));
}

/** One circle from a component's smallest member back to it, staying inside the component. */
function circleThrough(graph: ImportGraph, members: string[]): string[] {
  const inside = new Set(members);
  const start = members[0]!;
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | undefined => {
    for (const to of graph.get(node) ?? []) {
      if (to === start) return [...path, to];
      if (!inside.has(to) || seen.has(to)) continue;
      seen.add(to);
      const found = walk(to, [...path, to]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start])!;
}

/** For each step of a folder circle, one file import that makes it: `a/x.ts imports b/y.ts`. */
export function folderStepsOf(files: ImportGraph, path: string[]): string[] {
  return path.slice(1).map((to, i) => {
    const from = path[i]!;
    for (const [file, targets] of files) {
      const target = within(file, from) ? targets.find((t) => within(t, to)) : undefined;
      if (target) return `${file} imports ${target}`;
    }
    return `${from} imports ${to}`;
  });
}
