// The layers are a rule the tests enforce, not a convention (docs/architecture.md, "Layers"): every import of
// server/src and client/src is read with the TypeScript parser and checked against the rule table in
// test/helpers/layer-rules.ts. The fixture graphs below prove each kind of breach is caught and reported with its
// file, line and rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ImportEdge, importsOf, readImportGraph, resolveRelative } from '../../helpers/import-graph';
import { checkLayers, layerOf } from '../../helpers/layer-rules';
import { repoRoot } from '../../helpers/paths';

/** A fixture graph: each file's source text, parsed and resolved like the real tree. */
function graph(files: Record<string, string>): ImportEdge[] {
  return Object.entries(files).flatMap(([from, src]) =>
    importsOf(from, src).map((e) => (e.specifier.startsWith('.') ? { ...e, to: resolveRelative(repoRoot, from, e.specifier) } : e)),
  );
}

test('every import of server/src and client/src keeps the layer rules', () => {
  const { files, edges } = readImportGraph(repoRoot, ['server/src', 'client/src']);
  assert.ok(files.length > 200, `found ${files.length} files`);
  assert.ok(edges.length > 1000, `found ${edges.length} imports`);
  assert.deepEqual(checkLayers(edges), []);
});

test('every source file belongs to a layer, and each layer has files', () => {
  const { files } = readImportGraph(repoRoot, ['server/src', 'client/src']);
  assert.deepEqual(files.filter((f) => layerOf(f) === undefined), []);
  const seen = new Set(files.map(layerOf));
  for (const l of ['problems', 'text', 'protocol', 'core', 'lsp', 'cli', 'sim', 'client'] as const) assert.ok(seen.has(l), l);
});

test('a client import of the language server fails with its file, line and rule', () => {
  const v = checkLayers(graph({ 'client/src/x.ts': "import * as vscode from 'vscode';\n\nimport { start } from '../../server/src/lsp/server';\n" }));
  assert.equal(v.length, 1);
  assert.match(v[0] ?? '', /^client\/src\/x\.ts:3: imports \.\.\/\.\.\/server\/src\/lsp\/server \(lsp\): client\/ imports only protocol\//);
});

test('the client may import the listed pure helpers but no other core module, even for types', () => {
  const ok = graph({ 'client/src/x.ts': "import { esc } from '../../server/src/report/html';" });
  assert.deepEqual(checkLayers(ok), []);
  const bad = graph({ 'client/src/x.ts': "import type { Run } from '../../server/src/runs/store';" });
  assert.match(checkLayers(bad)[0] ?? '', /client\/src\/x\.ts:1: .*\(core\)/);
});

test('the core may not import an editor package, lsp/, cli/ or sim/', () => {
  const v = checkLayers(
    graph({
      'server/src/stats/a.ts': "import { Connection } from 'vscode-languageserver/node';",
      'server/src/answers/b.ts': "import {\n  x,\n  y,\n} from '../cli/args';",
      'server/src/eval/c.ts': "const m = await import('../sim/server');",
      'server/src/runs/d.ts': "const vscode = require('vscode');",
      'server/src/report/e.ts': "export { f } from '../lsp/convert';",
    }),
  );
  assert.deepEqual(
    v.map((m) => m.split(': ')[0]),
    ['server/src/stats/a.ts:1', 'server/src/answers/b.ts:1', 'server/src/eval/c.ts:1', 'server/src/runs/d.ts:1', 'server/src/report/e.ts:1'],
  );
  for (const m of v) assert.match(m, /the pure core imports no vscode/);
});

test('protocol takes core types only type-only, and only from the listed files', () => {
  const typeOk = graph({ 'server/src/protocol/r.ts': "import type { ReportViewModel } from '../report/render-view';" });
  assert.deepEqual(checkLayers(typeOk), []);
  const value = graph({ 'server/src/protocol/r.ts': "import { renderView } from '../report/render-view';" });
  assert.match(checkLayers(value)[0] ?? '', /protocol\/ is plain data/);
  const other = graph({ 'server/src/protocol/r.ts': "import type { Run } from '../runs/store';" });
  assert.equal(checkLayers(other).length, 1);
});

test('lower layers cannot reach up, and the shells keep to their lanes', () => {
  const v = checkLayers(
    graph({
      'server/src/problems/p.ts': "import { x } from '../text/text-lines';",
      'server/src/text/t.ts': "import { y } from '../recipe/parse';",
      'server/src/lsp/l.ts': "import { z } from '../cli/eval';",
      'server/src/sim/s.ts': "import { w } from '../lsp/server';",
      'server/src/cli/c.ts': "import { v } from '../sim/server';\nimport { u } from '../../../test/helpers/paths';",
    }),
  );
  assert.deepEqual(
    v.map((m) => m.split(': ')[0]),
    ['server/src/problems/p.ts:1', 'server/src/text/t.ts:1', 'server/src/lsp/l.ts:1', 'server/src/sim/s.ts:1', 'server/src/cli/c.ts:2'],
  );
  assert.match(v[4] ?? '', /outside server\/src and client\/src/);
});

test('type-only forms are told apart from imports that load code', () => {
  const e = importsOf(
    'server/src/a.ts',
    [
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "import { type D, E } from './c';",
      "import './d';",
      "export type { F } from './e';",
      "// import { G } from '../lsp/server';",
      "type H = typeof import('./f');",
    ].join('\n'),
  );
  assert.deepEqual(
    e.map((x) => [x.line, x.specifier, x.typeOnly]),
    [
      [1, './a', true],
      [2, './b', true],
      [3, './c', false],
      [4, './d', false],
      [5, './e', true],
      [7, './f', true],
    ],
  );
});
