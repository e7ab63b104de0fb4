// Every import of the sources, as edges with their file and line, for the layer rules
// (test/unit/architecture/layers.test.ts, docs/architecture.md "Layers"). The TypeScript parser reads them, not a
// regex, so multi-line imports, re-exports, `import type`, dynamic `import()` and `require()` are all seen and a
// commented-out import is not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The importing file, relative to the repository root with forward slashes. */
  from: string;
  /** 1-based line of the import. */
  line: number;
  /** The specifier as written. */
  specifier: string;
  /** The imported file relative to the repository root, for relative specifiers; undefined for packages. */
  to?: string;
  /** True when the import vanishes from the emitted JavaScript (`import type`, `export type`, all-type names). */
  typeOnly: boolean;
}

/** The imports of one source text; `from` is the repository-relative path the edges are attributed to. */
export function importsOf(from: string, src: string): Omit<ImportEdge, 'to'>[] {
  const sf = ts.createSourceFile(from, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Omit<ImportEdge, 'to'>[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    out.push({ from, line, specifier: spec.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, importIsTypeOnly(node.importClause));
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      // `typeof import('x')` in a type position: a type-only dependency.
      add(node, node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function importIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import 'x'` runs the module for its side effects
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  return !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

/** The repository-relative file a relative specifier names (`x.ts`, `x/index.ts`, or `x` as written). */
export function resolveRelative(root: string, from: string, specifier: string): string {
  const base = path.resolve(root, path.dirname(from), specifier);
  const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
  const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? `${base}.ts`;
  return path.relative(root, hit).split(path.sep).join('/');
}

/** Every `.ts` file under `dirs` (relative to `root`), with its imports resolved. */
export function readImportGraph(root: string, dirs: string[]): { files: string[]; edges: ImportEdge[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  const edges: ImportEdge[] = [];
  for (const f of files) {
    for (const e of importsOf(f, fs.readFileSync(path.join(root, f), 'utf8'))) {
      edges.push(e.specifier.startsWith('.') ? { ...e, to: resolveRelative(root, f, e.specifier) } : e);
    }
  }
  return { files, edges };
}
