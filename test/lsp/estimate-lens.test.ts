// The estimate lens over real stdio: an evaluate entry with samples still to request gets a lens with the
// requests, prompt tokens, completion-token ceiling, cost ceiling and least time that `passk eval --dry-run` prints
// for it; an edit that changes the estimate changes the lens, and the other lenses keep their places.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { analyzeRecipe } from '../../server/src/recipe';
import { estimateEvaluation } from '../../server/src/eval/dry-run';
import { compactCount, estimateTitle } from '../../server/src/eval/estimate-text';
import { LspClient } from './harness';
import { makeWorkspace, TINY_JSONL } from './workspace';

const recipe = (samples: number) => `passk: 1
models:
  paid: { baseUrl: "http://127.0.0.1:9/v1", model: gpt-4o-mini, rpm: 60, price: { inputPerMTok: 0.15, outputPerMTok: 0.6 } }
datasets:
  tiny: { path: tiny.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }} Think step by step."
evaluate:
  ev: { model: paid, dataset: tiny, prompt: cot, samples: ${samples}, maxTokens: 512 }
`;

const ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
after(() => ws.remove());

async function estimateLens(c: LspClient, uri: string, want: string): Promise<CodeLens[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    if (lenses.some((l) => l.command?.title === want) || Date.now() > deadline) return lenses;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('an entry with samples to request shows the dry run estimate after its actions, and follows edits', async () => {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const uri = ws.uri('est.recipe.yaml');
    const file = ws.write('est.recipe.yaml', recipe(4));
    for (const [version, samples] of [[1, 4], [2, 300]] as const) {
      const text = recipe(samples);
      if (version === 1) c.open(uri, text);
      else c.change(uri, text);
      const expected = (await estimateEvaluation(analyzeRecipe(text, { file, env: {} }).value, 'ev')).value!;
      const want = estimateTitle(expected);
      // 3 problems × ceil(samples / 128) requests, 512 completion tokens a sample; at 60 a minute, all but the first take a second each.
      assert.equal(expected.requests, 3 * Math.ceil(samples / 128));
      assert.match(want, new RegExp(`^≈ ${expected.requests} requests · \\d+ prompt tokens · ≤ ${compactCount(3 * samples * 512)} completion tokens · ≤ (<\\$0\\.01|\\$\\d+\\.\\d\\d) · ≥ ${expected.requests - 1}s$`));
      const lenses = await estimateLens(c, uri, want);
      const titles = lenses.map((l) => l.command?.title);
      assert.deepEqual(titles, ['▶ Run', 'Preview', 'Report', want], titles.join(' | '));
      assert.equal(lenses[3]!.command!.command, '');
    }
  } finally {
    await c.stop();
  }
});
