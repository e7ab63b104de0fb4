// `passk check` tries each dataset's gold extraction on its first rows: `extract: gsm8k` on MATH (every gold
// would be "") is a warning positioned at the extract value, naming the mode that works; a matching mode is
// silent. The same core check reaches the editor as a diagnostic (test/lsp/gold-extraction.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataDir } from '../helpers/paths';
import { cliBundle } from './eval-cli-helpers';

function recipe(dataset: string, field: string, extract: string): string {
  return `passk: 1
models:
  m: { baseUrl: http://127.0.0.1:8000/v1, model: x }
datasets:
  d:
    path: ${path.join(dataDir, dataset, 'test.jsonl')}
    question: ${dataset === 'math' ? 'problem' : 'question'}
    answer: { field: ${field}, extract: ${extract} }
`;
}

function check(text: string): { code: number | null; findings: { line: number; column: number; endColumn: number; severity: string; code: string; message: string }[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-gold-'));
  const file = path.join(dir, 'r.recipe.yaml');
  fs.writeFileSync(file, text);
  const r = spawnSync(process.execPath, [cliBundle(), 'check', file, '--json'], { encoding: 'utf8' });
  return { code: r.status, findings: JSON.parse(r.stdout) };
}

test('extract: gsm8k on MATH warns at the extract value and suggests boxed', () => {
  const text = recipe('math', 'solution', 'gsm8k');
  const r = check(text);
  assert.equal(r.code, 0, 'a warning does not fail check');
  const gold = r.findings.filter((f) => f.code === 'recipe/gold-extraction-fails');
  assert.equal(gold.length, 1, JSON.stringify(r.findings));
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('extract: gsm8k'));
  assert.equal(gold[0]!.line, line + 1);
  assert.equal(gold[0]!.column, lines[line]!.indexOf('gsm8k') + 1);
  assert.equal(gold[0]!.endColumn, lines[line]!.indexOf('gsm8k') + 'gsm8k'.length + 1);
  assert.equal(gold[0]!.severity, 'warning');
  assert.match(gold[0]!.message, /finds no gold answer in 20 of the first 20 rows/);
  assert.match(gold[0]!.message, /`extract: boxed` finds one in 20 of them/);
});

test('extract: boxed on GSM8K warns too; matching modes are silent', () => {
  const wrong = check(recipe('gsm8k', 'answer', 'boxed'));
  const gold = wrong.findings.filter((f) => f.code === 'recipe/gold-extraction-fails');
  assert.equal(gold.length, 1);
  assert.match(gold[0]!.message, /`extract: gsm8k` finds one/);
  for (const [dataset, field, extract] of [['math', 'solution', 'boxed'], ['gsm8k', 'answer', 'gsm8k'], ['gsm8k', 'answer', 'auto'], ['math', 'solution', 'auto']] as const) {
    const ok = check(recipe(dataset, field, extract));
    assert.deepEqual(ok.findings.filter((f) => f.code === 'recipe/gold-extraction-fails'), [], `${dataset} with ${extract}`);
  }
});

test('a regex that captures nothing in the answers warns at the regex', () => {
  const r = check(recipe('gsm8k', 'answer', "'regex:ANSWER=(\\d+)'"));
  const gold = r.findings.filter((f) => f.code === 'recipe/gold-extraction-fails');
  assert.equal(gold.length, 1, JSON.stringify(r.findings));
  assert.match(gold[0]!.message, /finds no gold answer in 20 of the first 20 rows/);
});
