// The gold-extraction check over real stdio: `extract: gsm8k` on a MATH-style dataset is a warning at the
// extract value in the editor, and fixing the mode clears it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, messageText, rangeOf } from './harness';
import { makeWorkspace, type Workspace } from './workspace';

const MATH_JSONL = [
  '{"problem": "What is $1+1$?", "solution": "We add: $1+1=\\\\boxed{2}$."}',
  '{"problem": "What is $2\\\\cdot 3$?", "solution": "Multiply to get $\\\\boxed{6}$."}',
  '{"problem": "Solve $x-1=0$.", "solution": "So $x=\\\\boxed{1}$."}',
].join('\n') + '\n';

const recipe = (extract: string) => `passk: 1
models:
  m: { baseUrl: http://127.0.0.1:8000/v1, model: x }
datasets:
  math:
    path: math.jsonl
    question: problem
    answer: { field: solution, extract: ${extract} }
`;

let client: LspClient;
let ws: Workspace;
before(async () => {
  ws = makeWorkspace({ 'math.jsonl': MATH_JSONL });
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
});
after(async () => {
  await client.stop();
  ws.remove();
});

test('extract: gsm8k on MATH rows is a warning at the extract value; extract: boxed clears it', async () => {
  const uri = ws.uri('gold.recipe.yaml');
  const text = recipe('gsm8k');
  client.open(uri, text);
  const first = await client.waitForDiagnostics(uri);
  const gold = first.diagnostics.filter((d) => d.code === 'recipe/gold-extraction-fails');
  assert.equal(gold.length, 1, JSON.stringify(first.diagnostics));
  assert.deepEqual(gold[0]!.range, rangeOf(text, 'gsm8k'));
  assert.equal(gold[0]!.severity, 2);
  assert.match(messageText(gold[0]!), /finds no gold answer in 3 of the first 3 rows/);
  assert.match(messageText(gold[0]!), /`extract: boxed` finds one in 3 of them/);
  const version = client.change(uri, recipe('boxed'));
  const fixed = await client.waitForDiagnostics(uri, (p) => p.version === version);
  assert.deepEqual(fixed.diagnostics.filter((d) => d.code === 'recipe/gold-extraction-fails'), []);
});
