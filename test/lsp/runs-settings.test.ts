// Run settings from initializationOptions and the editor's default concurrency, applied only to models whose
// recipe entry does not set one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FINDING_LEVELS } from '../../server/src/insights';
import { readRunSettings } from '../../server/src/lsp/handlers/run-settings';
import { withDefaultConcurrency } from '../../server/src/lsp/handlers/run';
import { analyzeRecipe } from '../../server/src/recipe';

test('settings: trusted unless told otherwise, hints on at line starts, latest run, concurrency only when sensible', () => {
  const defaults = { workspaceTrusted: true, inlayHints: true, datasetRun: 'latest', hintPlacement: 'start', findingLevels: DEFAULT_FINDING_LEVELS, regressionThreshold: 0.2 };
  assert.deepEqual(readRunSettings(undefined), defaults);
  assert.deepEqual(
    readRunSettings({ workspaceTrusted: false, inlayHints: false, datasetRun: 'matchingFingerprint', defaultConcurrency: 4, hintPlacement: 'end', runDiagnostics: { unstable: 'information', neverSolved: 'off' }, regressionThreshold: 0.1 }),
    { workspaceTrusted: false, inlayHints: false, datasetRun: 'matchingFingerprint', defaultConcurrency: 4, hintPlacement: 'end', findingLevels: { ...DEFAULT_FINDING_LEVELS, unstable: 'information', neverSolved: 'off' }, regressionThreshold: 0.1 },
  );
  assert.deepEqual(readRunSettings({ workspaceTrusted: 'no', datasetRun: 'oldest', defaultConcurrency: 0.5, hintPlacement: 'middle', runDiagnostics: 'loud', regressionThreshold: 2 }), defaults);
});

test('default concurrency applies to models without their own `concurrency`', () => {
  const text = `passk: 1
models:
  own: { baseUrl: "http://127.0.0.1:9/v1", model: a, concurrency: 3 }
  block:
    baseUrl: http://127.0.0.1:9/v1
    model: b
    concurrency: 2
  bare:
    baseUrl: http://127.0.0.1:9/v1
    model: maxconcurrency
`;
  const doc = analyzeRecipe(text, { file: '/tmp/c.recipe.yaml', env: {} }).value;
  assert.equal(withDefaultConcurrency(doc, undefined), doc);
  const d = withDefaultConcurrency(doc, 16);
  assert.deepEqual([...d.models.values()].map((m) => [m.name, m.concurrency]), [['own', 3], ['block', 2], ['bare', 16]]);
  assert.equal(doc.models.get('bare')!.concurrency, 8, 'the analysed recipe itself is not changed');
});
