// Datasets as people have them, through the real CLI against the simulator: the same GSM8K rows evaluated from
// Parquet shards named by a glob, from gzip JSONL and from CSV give the same problems with the ids the docs
// promise (docs/recipe-format.md, "Datasets"), and a dataset that yields nothing is a positioned error in `check`
// and a non-zero exit from `eval` instead of an empty table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

interface Row { question: string; answer: string }

function rowsOf(dir: string): Row[] {
  return fs.readFileSync(path.join(dir, 'gsm8k.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}

function parquetOf(rows: Row[]): Buffer {
  return Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'question', data: rows.map((r) => r.question) }, { name: 'answer', data: rows.map((r) => r.answer) }] }));
}

function withPath(recipe: string, datasetPath: string): void {
  fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace('path: gsm8k.jsonl', `path: "${datasetPath}"`));
}

test('eval over Parquet shards (a glob), gzip JSONL and CSV: every row is a problem, shard ids stay unique', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const runs: Record<string, { problems: number; ids: string[] }> = {};
    let csvStarts: string[] = [];
    for (const kind of ['parquet-glob', 'jsonl.gz', 'csv'] as const) {
      const { recipe, dir } = simRecipe(sim.url, { rows: 6 });
      const rows = rowsOf(dir);
      if (kind === 'parquet-glob') {
        fs.mkdirSync(path.join(dir, 'shards'));
        // Written out of order: the read order comes from the names, not from the folder listing.
        fs.writeFileSync(path.join(dir, 'shards', 'train-00001-of-00002.parquet'), parquetOf(rows.slice(4)));
        fs.writeFileSync(path.join(dir, 'shards', 'train-00000-of-00002.parquet'), parquetOf(rows.slice(0, 4)));
        fs.writeFileSync(path.join(dir, 'shards', 'README.md'), 'not a shard');
        withPath(recipe, 'shards/train-*.parquet');
      } else if (kind === 'jsonl.gz') {
        fs.writeFileSync(path.join(dir, 'gsm8k.jsonl.gz'), zlib.gzipSync(fs.readFileSync(path.join(dir, 'gsm8k.jsonl'))));
        withPath(recipe, 'gsm8k.jsonl.gz');
      } else {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        // GSM8K answers span lines, so each record starts after the previous record's line breaks.
        let line = 2;
        csvStarts = rows.map((r) => {
          const start = line;
          line += 1 + (r.question + r.answer).split('\n').length - 1;
          return String(start);
        });
        fs.writeFileSync(path.join(dir, 'gsm8k.csv'), ['question,answer', ...rows.map((r) => `${quote(r.question)},${quote(r.answer)}`)].join('\r\n') + '\r\n');
        withPath(recipe, 'gsm8k.csv');
      }
      fs.rmSync(path.join(dir, 'gsm8k.jsonl'));
      const check = await runCli(['check', recipe, '--json']);
      assert.equal(check.code, 0, `${kind}: ${check.stdout}${check.stderr}`);
      const r = await runCli(['eval', recipe, '--json']);
      assert.equal(r.code, 0, `${kind}: ${r.stderr}`);
      const out = JSON.parse(r.stdout) as { problems: number; perProblem: { problem: string }[] };
      runs[kind] = { problems: out.problems, ids: out.perProblem.map((p) => p.problem) };
    }
    assert.deepEqual(runs['parquet-glob']!.ids, [
      'train-00000-of-00002.parquet:1', 'train-00000-of-00002.parquet:2', 'train-00000-of-00002.parquet:3', 'train-00000-of-00002.parquet:4',
      'train-00001-of-00002.parquet:1', 'train-00001-of-00002.parquet:2',
    ]);
    assert.deepEqual(runs['jsonl.gz']!.ids, ['1', '2', '3', '4', '5', '6']);
    // CSV ids are the lines where records start in the CSV file, whose header is line 1.
    assert.deepEqual(runs['csv']!.ids, csvStarts);
    assert.ok(Object.values(runs).every((r) => r.problems === 6));
  } finally {
    await sim.close();
  }
});

test('a Parquet file named .jsonl: check errors on the path and eval refuses; a file of broken lines stops eval with eval/no-problems', async () => {
  const { recipe, dir } = simRecipe('http://127.0.0.1:9', { rows: 3 });
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), parquetOf(rowsOf(dir)));
  const check = await runCli(['check', recipe, '--json']);
  assert.notEqual(check.code, 0);
  assert.match(check.stdout, /recipe\/dataset-bad-format/);
  assert.match(check.stdout, /named as JSON text but its content is Parquet/);
  const r = await runCli(['eval', recipe]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /recipe\/dataset-bad-format/);
  assert.doesNotMatch(r.stdout, /pass@k/);
  // Broken lines are warnings in `check` (one bad row must not block a run), so eval plans and finds nothing.
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), 'not json\n{also not\n');
  const broken = await runCli(['eval', recipe]);
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /eval\/no-problems/);
  assert.match(broken.stderr, /dataset\/bad-json/);
  assert.doesNotMatch(broken.stdout, /pass@k/);
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), '');
  const empty = await runCli(['check', recipe, '--json']);
  assert.match(empty.stdout, /recipe\/dataset-empty/);
  assert.notEqual((await runCli(['eval', recipe])).code, 0);
});
