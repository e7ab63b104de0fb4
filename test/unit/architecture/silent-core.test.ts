// The core (every layer but lsp/, cli/, sim/ and the client; docs/architecture.md, "Layers") takes plain data and
// returns { value, problems }, so it must stay silent: a message belongs in a Problem, and only the shells decide
// where it is shown. The imports are checked by layers.test.ts; this test fails on console output and on writes to
// the process streams.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readImportGraph } from '../../helpers/import-graph';
import { layerOf } from '../../helpers/layer-rules';
import { repoRoot } from '../../helpers/paths';

const quiet = new Set(['problems', 'text', 'protocol', 'core']);
const coreFiles = readImportGraph(repoRoot, ['server/src']).files.filter((f) => quiet.has(layerOf(f) ?? ''));

test('the core has source files to check', () => {
  assert.ok(coreFiles.length > 50, `found ${coreFiles.length}`);
});

test('no core module prints', () => {
  const offenders: string[] = [];
  for (const f of coreFiles) {
    const src = fs.readFileSync(path.join(repoRoot, f), 'utf8');
    if (/\bconsole\.(log|error|warn|info)\(/.test(src)) offenders.push(`${f}: console output`);
    if (/\bprocess\.(stdout|stderr)\b/.test(src)) offenders.push(`${f}: process stream`);
  }
  assert.deepEqual(offenders, []);
});
