// Inputs cost what their size says, never more (docs/recipe-format.md, "Dataset files" and "Limits"): a long
// dataset line is read in linear time and a line past the cap is one problem; a hover on a dataset reads a
// capped head and counts rows in chunks, so the server keeps answering; a recipe past the size or nesting limit
// gets one positioned problem instead of a parse. Timing bounds are generous for a loaded two-core machine;
// the real figures are printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { readDataset } from '../../server/src/datasets/read-dataset';
import { parseDatasetText } from '../../server/src/datasets/parse-dataset-text';
import { summarizeDataset } from '../../server/src/datasets/summarize-dataset';
import { analyzeRecipe } from '../../server/src/recipe';
import { MAX_FLOW_DEPTH, MAX_RECIPE_CHARS, recipeLimitProblem } from '../../server/src/recipe/recipe-limits';
import { fixtures, repoRoot } from '../helpers/paths';
import { LspClient, positionOf } from '../lsp/harness';
import { makeWorkspace } from '../lsp/workspace';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-costs-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A JSONL file whose second line holds a question of `mb` MiB, between two ordinary rows. */
function longLineFile(name: string, mb: number): string {
  const file = path.join(tmp, name);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{"question":"q1","answer":"1"}\n{"question":"');
  const chunk = 'x'.repeat(1 << 20);
  for (let i = 0; i < mb; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '","answer":"2"}\n{"question":"q3","answer":"3"}\n');
  fs.closeSync(fd);
  return file;
}

const SPEC = { question: 'question', answer: { field: 'answer' } };

test('a 48 MB dataset line is read in linear time', { timeout: 60_000 }, async () => {
  const file = longLineFile('long.jsonl', 48);
  const t0 = performance.now();
  const r = await readDataset({ path: file, ...SPEC });
  const ms = performance.now() - t0;
  console.log(`readDataset, one 48 MB line: ${ms.toFixed(0)} ms`);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((x) => [x.line, x.offset, x.question.length]), [[0, 0, 2], [1, 31, 48 << 20], [2, 31 + 29 + (48 << 20), 2]]);
  // Quadratic carry handling took minutes here; linear reading takes about a second.
  assert.ok(ms < 15_000, `took ${ms.toFixed(0)} ms`);
});

test('a line past the cap is one positioned dataset/line-too-long problem, and later rows keep their place', async () => {
  const file = longLineFile('capped.jsonl', 3);
  const r = await readDataset({ path: file, ...SPEC }, { maxLineChars: 1 << 20 });
  assert.deepEqual(r.problems.map((p) => [p.code, p.file, p.span, p.data?.line]), [['dataset/line-too-long', file, { start: 31, end: 32 }, 1]]);
  assert.match(r.problems[0]!.message, /Line 2 is longer than 1 MB \(3 MB\)/);
  const whole = parseDatasetText(fs.readFileSync(file, 'utf8'), { path: file, ...SPEC });
  assert.deepEqual(r.value.map((x) => [x.line, x.offset, x.gold]), whole.value.filter((x) => x.line !== 1).map((x) => [x.line, x.offset, x.gold]));
});

test('a dataset summary reads a capped head and counts rows in chunks, with a lower bound past the cap', async () => {
  const gsm = path.join(repoRoot, 'data', 'gsm8k', 'test.jsonl');
  const full = await readDataset({ path: gsm, ...SPEC });
  const s = await summarizeDataset({ path: gsm, ...SPEC });
  assert.deepEqual([s.value.rows, s.value.atLeast, s.value.first?.question], [full.value.length, false, full.value[0]!.question]);
  const capped = await summarizeDataset({ path: gsm, ...SPEC }, { countBytes: 100_000 });
  assert.equal(capped.value.atLeast, true);
  assert.ok(capped.value.rows > 0 && capped.value.rows < full.value.length);
  // A JSON array with brackets, commas and escaped quotes inside strings is counted element by element.
  const rows = Array.from({ length: 300 }, (_, i) => ({ question: `q${i}, [x] {y} "z\\"`, answer: [i, { a: ']' }] }));
  const arr = path.join(tmp, 'arr.json');
  fs.writeFileSync(arr, JSON.stringify(rows, null, 1));
  const a = await summarizeDataset({ path: arr, ...SPEC }, { headBytes: 1000 });
  assert.deepEqual([a.value.rows, a.value.atLeast, a.value.first?.question], [300, false, 'q0, [x] {y} "z\\"']);
  // A first line longer than the head is not parsed at all.
  const long = await summarizeDataset({ path: longLineFile('head.jsonl', 1), ...SPEC }, { headBytes: 1000 });
  assert.deepEqual([long.value.rows, long.value.first?.question], [3, 'q1']);
  const first = path.join(tmp, 'first-long.jsonl');
  fs.writeFileSync(first, `{"question":"${'y'.repeat(5000)}"}\n{"question":"b"}\n`);
  const f = await summarizeDataset({ path: first, ...SPEC }, { headBytes: 1000 });
  assert.deepEqual([f.value.rows, f.value.first, f.value.sampled], [2, undefined, 0]);
});

test('recipe limits: nesting past the limit is one problem at the bracket, found in linear time', () => {
  const nested = `passk: 1\nmodels: ${'['.repeat(200_000)}`;
  const t0 = performance.now();
  const r = analyzeRecipe(nested, { file: path.join(tmp, 'n.recipe.yaml'), env: {} });
  const ms = performance.now() - t0;
  console.log(`analyzeRecipe, 200 KB of nested "[": ${ms.toFixed(1)} ms`);
  const at = 'passk: 1\nmodels: '.length + MAX_FLOW_DEPTH;
  assert.deepEqual(r.problems.map((p) => [p.code, p.span]), [['recipe/too-deep', { start: at, end: at + 1 }]]);
  assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
  const big = `passk: 1\ndescription: "${'x'.repeat(MAX_RECIPE_CHARS)}"\n`;
  assert.deepEqual(analyzeRecipe(big, { file: path.join(tmp, 'b.recipe.yaml'), env: {} }).problems.map((p) => [p.code, p.span]), [['recipe/too-large', { start: 0, end: 0 }]]);
});

test('recipe limits do not misfire: brackets in quotes, comments, block scalars and plain words do not count', () => {
  const deep = (n: number) => '['.repeat(n);
  const ok = [
    `x: ${deep(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}`,
    `p: |\n  ${deep(100)}\n  more ${deep(100)}\nq: 1`,
    `p: >-\n  ${deep(100)}\n\n  ${deep(100)}\nq: 1`,
    `q: "${deep(100)}"`,
    `q: '${deep(50)}''${deep(50)}'`,
    `r: a${deep(100)}`,
    `# ${deep(100)}`,
    `extract: regex:\\[(\\d+)\\]${deep(100)}`,
    `k: [1, "${deep(100)}", '${deep(100)}']`,
  ];
  for (const text of ok) assert.equal(recipeLimitProblem(text), undefined, text.slice(0, 40));
  assert.equal(recipeLimitProblem(`p: |\n  x\nq: ${'{'.repeat(MAX_FLOW_DEPTH + 1)}`)?.code, 'recipe/too-deep');
  assert.equal(recipeLimitProblem(`- ${'[ '.repeat(MAX_FLOW_DEPTH + 1)}`)?.code, 'recipe/too-deep');
  const recipes = [path.join(repoRoot, 'examples'), path.join(fixtures, 'recipes')].flatMap((d) =>
    fs.readdirSync(d).filter((n) => n.endsWith('.yaml')).map((n) => path.join(d, n)),
  );
  assert.ok(recipes.length >= 4);
  for (const f of recipes) assert.equal(recipeLimitProblem(fs.readFileSync(f, 'utf8')), undefined, f);
});

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

const completionAt = (client: LspClient, uri: string, text: string, needle: string) =>
  client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, 0, needle.length) });

/** Generous bound for "answers at once" on a loaded two-core machine; the real figures are printed. */
const ANSWER_MS = 1500;

test('over stdio: hovering a dataset with a ~100 MB line answers quickly, and completion answers meanwhile', { timeout: 120_000 }, async () => {
  const ws = makeWorkspace();
  fs.copyFileSync(longLineFile('huge.jsonl', 100), ws.file('huge.jsonl'));
  fs.rmSync(path.join(tmp, 'huge.jsonl'));
  const text = 'passk: 1\nmodels:\n  m: { baseUrl: http://127.0.0.1:9/v1, model: x }\ndatasets:\n  huge:\n    path: huge.jsonl\n    question: question\n    answer: { field: answer }\nprompts:\n  p: "{{ question }}"\nevaluate:\n  e:\n    model: m\n    dataset: huge\n    prompt: p\n';
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const uri = ws.uri('r.recipe.yaml');
    client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, { timeoutMs: 60_000 });
    const hover = timed(client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'dataset: huge', 0, 10) }));
    const latencies: number[] = [];
    let done = false;
    void hover.then(() => (done = true));
    // Completion requests while the hover is being answered, one after another.
    do latencies.push((await timed(completionAt(client, uri, text, 'model: '))).ms);
    while (!done && latencies.length < 50);
    const h = await hover;
    const md = (h.value!.contents as MarkupContent).value;
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`hover on a dataset with a 100 MB line: ${h.ms.toFixed(0)} ms; completion meanwhile: median ${sorted[sorted.length >> 1]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms over ${latencies.length} requests`);
    assert.match(md, /\*\*3\*\* problems in/);
    assert.match(md, /First problem \(id 1\)/);
    assert.ok(h.ms < 15_000, `hover took ${h.ms.toFixed(0)} ms`);
    assert.ok(Math.max(...latencies) < ANSWER_MS, `completion took up to ${Math.max(...latencies).toFixed(0)} ms`);
  } finally {
    await client.stop();
    ws.remove();
  }
});

test('over stdio: a 200 KB recipe of nested "[" gets one diagnostic, and requests keep answering at once', { timeout: 120_000 }, async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const normal = 'passk: 1\nmodels:\n  m: { baseUrl: http://127.0.0.1:9/v1, model: x }\nprompts:\n  p: "{{ question }}"\nevaluate:\n  e:\n    model: \n';
    const normalUri = ws.uri('ok.recipe.yaml');
    client.open(normalUri, normal);
    await client.waitForDiagnostics(normalUri, () => true, { timeoutMs: 60_000 });
    const uri = ws.uri('nested.recipe.yaml');
    const nested = `passk: 1\nmodels: ${'['.repeat(200_000)}`;
    client.open(uri, nested);
    const latencies: number[] = [];
    // Each edit makes a new version that hover and completion analyse on the main thread.
    for (let i = 0; i < 5; i++) {
      const text = `${nested}${'['.repeat(i)}`;
      if (i > 0) client.change(uri, text);
      latencies.push((await timed(client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 100 + i } }))).ms);
      latencies.push((await timed(client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 8 } }))).ms);
      latencies.push((await timed(completionAt(client, normalUri, normal, '    model: '))).ms);
    }
    const diags = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, { timeoutMs: 60_000 });
    console.log(`200 KB nested recipe: hover/completion latencies ${latencies.map((x) => x.toFixed(0)).join(', ')} ms`);
    assert.deepEqual(diags.diagnostics.map((d) => [d.code, d.range.start]), [['recipe/too-deep', { line: 1, character: 'models: '.length + MAX_FLOW_DEPTH }]]);
    assert.ok(Math.max(...latencies) < ANSWER_MS, `a request took ${Math.max(...latencies).toFixed(0)} ms`);
  } finally {
    await client.stop();
    ws.remove();
  }
});

test('over stdio: code lenses of an entry on a 300 MB dataset do not read it on the main thread', { timeout: 180_000 }, async () => {
  const ws = makeWorkspace();
  // Many ordinary rows: nothing is wrong with this dataset but its size.
  const fd = fs.openSync(ws.file('big.jsonl'), 'w');
  const rows = Array.from({ length: 10_000 }, (_x, i) => JSON.stringify({ question: `q${i} ${'x'.repeat(2900)}`, answer: String(i) })).join('\n') + '\n';
  for (let i = 0; i < 10; i++) fs.writeSync(fd, rows);
  fs.closeSync(fd);
  const text = 'passk: 1\nmodels:\n  m: { baseUrl: http://127.0.0.1:9/v1, model: x }\ndatasets:\n  big:\n    path: big.jsonl\n    question: question\n    answer: { field: answer }\nprompts:\n  p: "{{ question }}"\nevaluate:\n  e:\n    model: m\n    dataset: big\n    prompt: p\n';
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const uri = ws.uri('r.recipe.yaml');
    client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, { timeoutMs: 120_000 });
    // Several rounds, each a code-lens request (what the editor sends on open and on every refresh) followed at
    // once by a completion: the completion waits for whatever the lens does on the main thread.
    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lens = client.request('textDocument/codeLens', { textDocument: { uri } });
      latencies.push((await timed(completionAt(client, uri, text, 'model: '))).ms);
      await lens;
    }
    console.log(`300 MB dataset: completion right after a code-lens request: ${latencies.map((x) => x.toFixed(0)).join(', ')} ms`);
    assert.ok(Math.max(...latencies) < ANSWER_MS, `completion took up to ${Math.max(...latencies).toFixed(0)} ms`);
  } finally {
    await client.stop();
    ws.remove();
  }
});
