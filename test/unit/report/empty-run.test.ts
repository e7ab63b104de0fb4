// A run in which no sample arrived (every request failed) has no figures: its table prints dashes, and the
// latent-accuracy line must not print a 0.0% that describes no sample at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRun } from '../../../server/src/eval';
import type { RunManifest } from '../../../server/src/runs';
import { renderHtmlReport, renderSummaryTable } from '../../../server/src/report';

const manifest: RunManifest = {
  kind: 'eval', version: 2, sampleIdentity: 'c'.repeat(64), figures: 'd'.repeat(64), entry: 'gsm8k', recipe: '/r.recipe.yaml', fingerprint: 'abcdef0123456789'.repeat(4), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-02T00:00:00.000Z',
  model: { name: 'student', model: 'llama-7b', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'gsm8k', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'cot', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16, seed: 3 }, samples: 4, k: [1, 4],
  grader: { extract: 'auto', compare: 'math' }, problems: 2, expect: {},
};

test('a run without a single sample prints no latent accuracy', () => {
  const s = summarizeRun({ manifest, runDir: '/runs/x', problems: [{ id: 'a', line: 0, gold: '1' }, { id: 'b', line: 1, gold: '2' }], tallies: new Map(), tokens: { prompt: 0, completion: 0 } });
  assert.equal(s.complete, false);
  assert.equal(s.passAtK['1'], null);
  const table = renderSummaryTable(s);
  assert.match(table, /latent accuracy \(pass@n − pass@1\): —;/, table);
  assert.doesNotMatch(renderHtmlReport(s), /Latent accuracy[^.]*<b>0\.00%<\/b>/);
});
