// The example workspace a .vsix user gets: starter/ must be what scripts/make-starter.js derives from data/
// (the first rows, byte for byte, with the licences), its recipes must check clean and run against the
// simulator's address the user configured, and a second creation must never overwrite the user's files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { planWrite, starterFiles, withSimPort } from '../../../client/src/starter-files';
import { ensureCli, runCli } from '../../helpers/cli';
import { dataDir, repoRoot } from '../../helpers/paths';

const starter = path.join(repoRoot, 'starter');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { starterData } = require(path.join(repoRoot, 'scripts', 'make-starter.js')) as { starterData(): Map<string, string> };

test('starter/data is exactly what scripts/make-starter.js derives from data/ (rerun the script after changing either)', () => {
  const expected = starterData();
  const actual = fs.readdirSync(path.join(starter, 'data'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.equal(actual.length, expected.size, 'no stray or missing file under starter/data');
  for (const [rel, content] of expected) assert.equal(fs.readFileSync(path.join(starter, 'data', rel), 'utf8'), content, `starter/data/${rel}`);
});

test('every starter dataset is a prefix of the shipped dataset, and every licence travels with its data', () => {
  for (const rel of ['gsm8k/test.jsonl', 'gsm8k/train.jsonl', 'math/test.jsonl']) {
    const slice = fs.readFileSync(path.join(starter, 'data', rel));
    const full = fs.readFileSync(path.join(dataDir, rel));
    assert.ok(slice.length > 1000 && slice.length < full.length, `${rel} is a small slice`);
    assert.ok(full.subarray(0, slice.length).equals(slice), `${rel} is byte for byte the start of data/${rel}`);
    for (const line of slice.toString('utf8').trimEnd().split('\n')) JSON.parse(line);
  }
  for (const rel of ['gsm8k/LICENSE', 'math/LICENSE.ToRA', 'math/LICENSE.hendrycks-math']) {
    assert.ok(fs.readFileSync(path.join(starter, 'data', rel)).equals(fs.readFileSync(path.join(dataDir, rel))), rel);
  }
  const provenance = fs.readFileSync(path.join(starter, 'data', 'PROVENANCE.md'), 'utf8');
  assert.match(provenance, /grade-school-math/);
  assert.match(provenance, /microsoft\/ToRA/);
});

test('the example recipes point at the configured simulator port and nothing else changes', () => {
  const files = starterFiles(starter, 18123);
  const recipes = files.filter((f) => f.rel.endsWith('.recipe.yaml'));
  assert.deepEqual(recipes.map((f) => f.rel), ['gsm8k-sim.recipe.yaml', 'math-sim.recipe.yaml']);
  for (const r of recipes) {
    const text = r.content.toString('utf8');
    assert.match(text, /\$\{env:PASSK_SIM_URL:http:\/\/127\.0\.0\.1:18123\/v1\}/, r.rel);
    assert.doesNotMatch(text, /8787/, r.rel);
    assert.equal(withSimPort(fs.readFileSync(path.join(starter, r.rel), 'utf8'), 18123), text);
  }
  const data = files.find((f) => f.rel === 'data/gsm8k/test.jsonl');
  assert.ok(data?.content.equals(fs.readFileSync(path.join(starter, 'data', 'gsm8k', 'test.jsonl'))), 'datasets are copied untouched');
  assert.equal(withSimPort('baseUrl: http://127.0.0.1:8787/v1', 9), 'baseUrl: http://127.0.0.1:8787/v1', 'only the PASSK_SIM_URL fallback is rewritten');
});

test('creating the examples twice keeps every file the user already has', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-starter-'));
  try {
    const files = starterFiles(starter, 8787);
    const first = planWrite(files, dir);
    assert.equal(first.write.length, files.length);
    assert.deepEqual(first.keep, []);
    fs.writeFileSync(path.join(dir, 'gsm8k-sim.recipe.yaml'), 'my edits');
    const second = planWrite(files, dir);
    assert.deepEqual(second.keep, ['gsm8k-sim.recipe.yaml']);
    assert.equal(second.write.length, files.length - 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the example recipes check clean where they are written', () => {
  ensureCli();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-starter-'));
  try {
    for (const f of starterFiles(starter, 8787)) {
      fs.mkdirSync(path.dirname(path.join(dir, f.rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.rel), f.content);
    }
    const r = runCli(['check', 'gsm8k-sim.recipe.yaml', 'math-sim.recipe.yaml'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /no problems in 2 recipes/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
