/**
 * The import graph of the sources, read with the TypeScript compiler's parser: every static
 * import and re-export (marked type-only when the compiler erases it) and every dynamic
 * `import('…')` with a literal specifier. Relative specifiers resolve to files; bare ones are
 * packages (`xstate`, `@tensorflow/tfjs`, `node:fs` …).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

export type EdgeKind = 'static' | 'type' | 'dynamic';

export interface Edge {
  readonly from: string;
  /** A repository-relative file path, or a package name. */
  readonly to: string;
  readonly kind: EdgeKind;
  readonly package: boolean;
}

export interface Graph {
  readonly files: readonly string[];
  readonly edges: readonly Edge[];
}

/** Every .ts file under the given roots (repository-relative, `/`-separated). */
export function sourceFiles(repo: string, roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(repo, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const r of roots) if (existsSync(join(repo, r))) walk(r);
  return out.sort();
}

/** The imports of one file's text. */
export function importsOf(file: string, text: string): { specifier: string; kind: EdgeKind }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: { specifier: string; kind: EdgeKind }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: importIsTypeOnly(node) ? 'type' : 'static' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
      out.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'static' });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) out.push({ specifier: arg.text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `import type …`, or `import { type A, type B }` with nothing else: erased by the compiler. */
function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // a side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The graph of the files under `roots` of the repository at `repo`. */
export function buildGraph(repo: string, roots: readonly string[]): Graph {
  const files = sourceFiles(repo, roots);
  const edges: Edge[] = [];
  for (const from of files) {
    for (const { specifier, kind } of importsOf(from, readFileSync(join(repo, from), 'utf8'))) {
      if (!specifier.startsWith('.')) {
        edges.push({ from, to: packageName(specifier), kind, package: true });
        continue;
      }
      const to = relative(repo, normalize(join(repo, dirname(from), specifier)))
        .split(sep)
        .join('/');
      edges.push({ from, to, kind, package: false });
    }
  }
  return { files, edges };
}

/** `@tensorflow/tfjs-core/dist/x` → `@tensorflow/tfjs-core`; `node:fs` stays. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every elementary cycle's witness: one cycle per strongly connected component of more than one file (or a self-import). */
export function cycles(graph: Graph, kinds: readonly EdgeKind[] = ['static', 'type', 'dynamic']): string[][] {
  const next = new Map<string, string[]>();
  for (const f of graph.files) next.set(f, []);
  for (const e of graph.edges) if (!e.package && kinds.includes(e.kind) && next.has(e.to)) next.get(e.from)!.push(e.to);
  // Tarjan's strongly connected components, iteratively (bounded by the number of files).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strongConnect = (root: string) => {
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = next.get(top.v)!;
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) low.set(work[work.length - 1].v, Math.min(low.get(work[work.length - 1].v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.v);
        if (scc.length > 1 || succ.includes(top.v)) found.push(witness(scc, next));
      }
    }
  };
  for (const f of graph.files) if (!index.has(f)) strongConnect(f);
  return found;
}

/** One cycle through the component, as a path a → b → … → a (the shortest back to its first file, by BFS). */
function witness(scc: string[], next: Map<string, string[]>): string[] {
  const inside = new Set(scc);
  const start = [...scc].sort()[0];
  const parent = new Map<string, string>();
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const v = queue[k];
    for (const w of next.get(v)!) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; u = parent.get(u)!) path.push(parent.get(u)!);
        return [...path.reverse(), start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Files reachable from `root` through the given kinds of edges (the root included). */
export function closure(graph: Graph, root: string, kinds: readonly EdgeKind[]): Set<string> {
  const seen = new Set<string>([root]);
  const todo = [root];
  while (todo.length > 0) {
    const v = todo.pop()!;
    for (const e of graph.edges)
      if (e.from === v && kinds.includes(e.kind) && !seen.has(e.to)) {
        seen.add(e.to);
        if (!e.package) todo.push(e.to);
      }
  }
  return seen;
}
