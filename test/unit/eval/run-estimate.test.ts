// The run estimate's arithmetic: cost at the price (half with the Batch API), the least time under rpm, tpm and
// earlier latencies, and the figures that stay null when the recipe cannot give them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRun } from '../../../server/src/eval/run-estimate';
import { promptTokens, textTokens } from '../../../server/src/eval/prompt-tokens';

const model = { concurrency: 4, baseUrls: ['http://a/v1'], batch: false };
const requests = Array.from({ length: 10 }, (_, i) => ({ promptTokens: 100 + i, samples: 8 }));

test('cost ceiling at the price, halved for the Batch API, and null without a price', () => {
  const price = { inputPerMTok: 3, outputPerMTok: 15 };
  const e = estimateRun({ entry: 'x', model: { ...model, price }, maxTokens: 1000, requests });
  assert.equal(e.requests, 10);
  assert.equal(e.samples, 80);
  assert.equal(e.promptTokens, 1045);
  assert.equal(e.maxCompletionTokens, 80_000);
  assert.ok(Math.abs(e.cost!.max - (1045 * 3 + 80_000 * 15) / 1e6) < 1e-12);
  const batch = estimateRun({ entry: 'x', model: { ...model, price, batch: true }, maxTokens: 1000, requests });
  assert.ok(Math.abs(batch.cost!.max - e.cost!.max / 2) < 1e-12);
  assert.equal(batch.seconds, null, 'Batch API results take hours whatever the limits');
  assert.equal(estimateRun({ entry: 'x', model, maxTokens: 1000, requests }).cost, null);
});

test('least time: the slowest of the rpm, tpm and latency bounds; null when nothing bounds it', () => {
  assert.equal(estimateRun({ entry: 'x', model, maxTokens: 10, requests }).seconds, null);
  // 6 a minute: one goes at once, nine more at one each 10 s.
  assert.equal(estimateRun({ entry: 'x', model: { ...model, rpm: 6 }, maxTokens: 10, requests }).seconds!.min, 90);
  // 600 tokens a minute = 10 a second, 10 at once: 1035 more prompt tokens take 103.5 s.
  assert.equal(estimateRun({ entry: 'x', model: { ...model, tpm: 600 }, maxTokens: 10, requests }).seconds!.min, 103.5);
  // 10 requests over 4 lanes go in 3 waves of at least 200 ms.
  assert.equal(estimateRun({ entry: 'x', model, maxTokens: 10, requests, fastestLatencyMs: 200 }).seconds!.min, 0.6);
  assert.equal(estimateRun({ entry: 'x', model: { ...model, rpm: 6, tpm: 600 }, maxTokens: 10, requests }).seconds!.min, 103.5);
  assert.deepEqual(estimateRun({ entry: 'x', model: { ...model, rpm: 6 }, maxTokens: 10, requests: [] }).seconds, { min: 0 });
});

test('prompt tokens: chat adds per-message overhead, completions send the joined text; special-token text is plain text', () => {
  const user = 'What is 2 + 2?';
  assert.equal(promptTokens({ user }, 'chat'), textTokens(user) + 6);
  assert.equal(promptTokens({ system: 'Be brief.', user }, 'chat'), textTokens('Be brief.') + textTokens(user) + 9);
  assert.equal(promptTokens({ system: 'Be brief.', user }, 'completions'), textTokens(`Be brief.\n\n${user}`));
  assert.ok(textTokens('a <|endoftext|> b') > 3);
  assert.equal(textTokens(''), 0);
});
