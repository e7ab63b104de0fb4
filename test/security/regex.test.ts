// Regular expressions from recipes run in linear time (docs/recipe-format.md, "Regular expressions"). A
// backtracking engine took more than ten seconds on `^(a+)+$` against 31 `a`s and a `!`, blocking the language
// server and a run; on RE2 the same extraction takes well under a millisecond. Unsupported constructs are
// positioned problems in `passk check` and in the editor, and extraction keeps its meaning (last match, first
// group).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { extractAnswer } from '../../server/src/answers';
import { compileRecipeRegex } from '../../server/src/text/recipe-regex';
import { analyzeRecipe } from '../../server/src/recipe';
import { cli, ensureCli } from '../helpers/cli';
import { LspClient, messageText } from '../lsp/harness';
import { makeWorkspace } from '../lsp/workspace';

const EVIL = 'regex:^(a+)+$';
const VICTIM = `${'a'.repeat(31)}!`;
/** The task's bound is 10 ms; the factor leaves room for a loaded two-core machine. */
const BOUND_MS = 10 * 20;

/**
 * Runs extractions in a worker thread and reports how long each took. A worker can be stopped even when a
 * backtracking engine never returns, so against such an engine these tests fail at the deadline instead of
 * hanging the suite.
 */
function timedExtractions(cases: Array<{ text: string; mode: string }>, deadlineMs: number): Promise<Array<{ answer: string | null; ms: number }>> {
  const answers = path.join(__dirname, '..', '..', 'server', 'src', 'answers', 'index.js');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { extractAnswer } = require(${JSON.stringify(answers)});
    extractAnswer('warm-up', workerData[0].mode);
    parentPort.postMessage(workerData.map((c) => {
      const t0 = performance.now();
      const r = extractAnswer(c.text, c.mode);
      return { answer: r.answer, ms: performance.now() - t0 };
    }));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: cases });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the extractions did not finish within ${deadlineMs} ms`));
    }, deadlineMs);
    worker.once('message', (m: Array<{ answer: string | null; ms: number }>) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

test('the catastrophic-backtracking pattern extracts in linear time on the real extraction path', async () => {
  const [evil, plain] = await timedExtractions([{ text: VICTIM, mode: EVIL }, { text: 'a'.repeat(31), mode: EVIL }], 30_000);
  console.log(`regex:^(a+)+$ on 31 a's and "!": ${evil!.ms.toFixed(2)} ms`);
  assert.equal(evil!.answer, null);
  assert.ok(evil!.ms < BOUND_MS, `took ${evil!.ms.toFixed(1)} ms`);
  // The same pattern still matches what it should, so the engine is not simply refusing it.
  assert.equal(plain!.answer, 'a'.repeat(31));
});

test('a long adversarial output stays linear too (100 000 characters)', async () => {
  const text = `${'a'.repeat(100_000)}!`;
  const r = await timedExtractions([{ text, mode: 'regex:(a|aa)+$' }, { text, mode: 'regex:(a*)*b' }], 30_000);
  console.log(`two adversarial patterns on 100 000 characters: ${r.map((x) => x.ms.toFixed(1)).join(' ms, ')} ms`);
  assert.deepEqual(r.map((x) => x.answer), [null, null]);
  for (const x of r) assert.ok(x.ms < 5000, `took ${x.ms.toFixed(0)} ms`);
});

test('extraction keeps its meaning: last match, first group with its exact span, flags, empty matches', () => {
  assert.deepEqual(extractAnswer('x = 12, y=3, y=4', 'regex:y=(\\d+)'), { answer: '4', span: { start: 15, end: 16 }, mode: 'regex:y=(\\d+)' });
  assert.equal(extractAnswer('ANSWER: 77', 'regex:ANSWER: \\d+').answer, 'ANSWER: 77');
  // The group's own position, not the first place its text occurs in the match.
  assert.deepEqual(extractAnswer('aa', 'regex:a(a)').span, { start: 1, end: 2 });
  // A group that took no part falls back to the whole match.
  assert.equal(extractAnswer('b', 'regex:(a)|b').answer, 'b');
  // JavaScript syntax is translated: named groups, \u escapes, inline case folding.
  assert.equal(extractAnswer('café 5', 'regex:caf\\u00e9 (?<n>\\d)').answer, '5');
  assert.equal(extractAnswer('RESULT 9', 'regex:(?i)result (\\d)').answer, '9');
  // UTF-16 offsets survive characters outside the BMP.
  assert.deepEqual(extractAnswer('😀 7 😀 8', 'regex:(\\d)').span, { start: 8, end: 9 });
  // Empty matches move on by one character, as a JavaScript `g` loop does.
  assert.equal(compileRecipeRegex('x*').value!.last('axxb')!.start, 4);
  assert.equal(compileRecipeRegex('accept', 'i').value!.test('ACCEPT.'), true);
  // An invalid pattern is no answer, never a crash.
  assert.deepEqual(extractAnswer('abc', 'regex:(['), { answer: null, mode: 'regex:([' });
});

test('backreferences and lookahead are problems at the construct, naming it and the reason', () => {
  const back = compileRecipeRegex('(\\d+) and \\1');
  assert.equal(back.value, undefined);
  assert.deepEqual(back.problems.map((p) => [p.code, p.span, p.data?.construct]), [['recipe/bad-regex', { start: 10, end: 12 }, 'backreference']]);
  assert.match(back.problems[0]!.message, /backreference \\1 is not supported.*linear time/);
  const named = compileRecipeRegex('(?<x>a)\\k<x>');
  assert.deepEqual(named.problems.map((p) => p.span), [{ start: 7, end: 12 }]);
  const ahead = compileRecipeRegex('\\d+(?=%)');
  assert.deepEqual(ahead.problems.map((p) => [p.span, p.data?.construct]), [[{ start: 3, end: 8 }, 'lookahead']]);
  assert.match(ahead.problems[0]!.message, /lookahead.*linear time/);
  // Inside a character class a backslash-digit is no backreference, and lookbehind without groups runs.
  assert.deepEqual(compileRecipeRegex('(?<=\\$)\\d+').problems, []);
  assert.equal(compileRecipeRegex('(?<=\\$)\\d+').value!.first('cost $12')!.groups[0], '12');
  // Other RE2 syntax errors point at the fragment RE2 quotes.
  assert.deepEqual(compileRecipeRegex('a{2,5000}').problems.map((p) => p.span), [{ start: 1, end: 9 }]);
});

const RECIPE = (extract: string, accept: string) => `passk: 1
models:
  m: { baseUrl: http://127.0.0.1:9/v1, model: x }
datasets:
  d:
    path: d.jsonl
    question: question
    answer: { field: answer, extract: "${extract}" }
prompts:
  p: "{{ question }}"
  g: "{{ seed.question }}"
synthesize:
  s:
    seeds: d
    generate: { model: m, prompt: g }
    verify: { model: m, prompt: p, accept: '${accept}' }
    solve: { model: m, prompt: p }
`;

test('analyzeRecipe puts each unsupported construct at its place in the recipe text', () => {
  const text = RECIPE('regex:(\\\\d)\\\\1', 'yes(?!no)');
  const r = analyzeRecipe(text, { file: path.join(os.tmpdir(), 'x.recipe.yaml'), env: {}, skipDatasets: true });
  const bad = r.problems.filter((p) => p.code === 'recipe/bad-regex');
  assert.deepEqual(bad.map((p) => text.slice(p.span!.start, p.span!.end)), ['\\\\1', '(?!no)']);
});

test('passk check reports the backreference with its line and column; passk grade is not frozen by ^(a+)+$', () => {
  ensureCli();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-regex-'));
  try {
    const text = RECIPE('regex:(a)\\\\1', 'yes');
    fs.writeFileSync(path.join(dir, 'r.recipe.yaml'), text);
    fs.writeFileSync(path.join(dir, 'd.jsonl'), '{"question": "q", "answer": "aa"}\n');
    const check = spawnSync(process.execPath, [cli, 'check', 'r.recipe.yaml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(check.status, 1, check.stdout + check.stderr);
    const at = text.indexOf('\\\\1');
    const line = text.slice(0, at).split('\n').length;
    const col = at - text.lastIndexOf('\n', at - 1);
    assert.match(check.stdout, new RegExp(`r\\.recipe\\.yaml:${line}:${col}.*backreference`));

    const pairs = Array.from({ length: 5 }, () => JSON.stringify({ gold: 'a', pred: VICTIM })).join('\n');
    fs.writeFileSync(path.join(dir, 'pairs.jsonl'), pairs + '\n');
    const t0 = Date.now();
    const grade = spawnSync(process.execPath, [cli, 'grade', '--pairs', 'pairs.jsonl', '--json', '--extract', EVIL], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    console.log(`passk grade of 5 adversarial pairs: ${Date.now() - t0} ms (process start included)`);
    assert.equal(grade.signal, null, 'passk grade was still running after 30 s');
    assert.equal(grade.stdout.trim().split('\n').length, 5, grade.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the editor shows the lookahead problem at its range, and the server keeps answering', async () => {
  const ws = makeWorkspace({ 'd.jsonl': '{"question": "q", "answer": "1"}\n' });
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const uri = ws.uri('r.recipe.yaml');
    const text = RECIPE(EVIL, 'ok(?=!)');
    client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'recipe/bad-regex'), { timeoutMs: 30_000 });
    const d = diags.diagnostics.find((x) => x.code === 'recipe/bad-regex')!;
    const at = text.indexOf('(?=!)');
    const line = text.slice(0, at).split('\n').length - 1;
    assert.deepEqual(d.range, { start: { line, character: at - text.lastIndexOf('\n', at) - 1 }, end: { line, character: at - text.lastIndexOf('\n', at) - 1 + 5 } });
    assert.match(messageText(d), /lookahead/);
    // `^(a+)+$` itself is valid RE2 and draws no problem.
    assert.equal(diags.diagnostics.filter((x) => x.code === 'recipe/bad-regex').length, 1);
  } finally {
    await client.stop();
    ws.remove();
  }
});

// Linear time is not enough when the constant is the pattern's compiled size: RE2 expands a counted repeat
// into that many copies, and its matcher steps through every live copy at each character. A 4061-character
// pattern of `[\s\S]{0,1000}` repeats compiled for 3 s into about 290 000 instructions, and one extraction from a
// 2 000-character answer then took 228 s, during which a run could not even stop on SIGTERM.
const WIDE = `${'[\\s\\S]{0,1000}'.repeat(290)}(z)`;

test('a pattern whose compiled program is huge is a positioned problem, refused before it is compiled', () => {
  const t0 = performance.now();
  const r = compileRecipeRegex(WIDE);
  const ms = performance.now() - t0;
  console.log(`refusing a ${WIDE.length}-character pattern of 290 counted repeats: ${ms.toFixed(1)} ms`);
  assert.equal(r.value, undefined);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'recipe/bad-regex');
  assert.match(r.problems[0]!.message, /repeat/);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  // The span covers the first counted repeat that pushes the pattern over the limit, inside the pattern.
  const span = r.problems[0]!.span!;
  assert.ok(span.start >= 0 && span.end <= WIDE.length && span.end > span.start, JSON.stringify(span));
  assert.equal(WIDE.slice(span.start, span.end), '{0,1000}');
});

test('a pattern that passes the estimate but compiles too large is refused too; ordinary patterns compile', () => {
  // A cheap estimate decides what is worth compiling; the compiled size decides what runs.
  const wide = compileRecipeRegex('[\\s\\S]{0,300}(x)');
  assert.equal(wide.value, undefined);
  assert.equal(wide.problems[0]?.code, 'recipe/bad-regex');
  assert.match(wide.problems[0]!.message, /instructions/);
  for (const ok of ['FINAL CREATED QUESTION:\\s*([\\s\\S]+)$', '\\\\boxed\\{([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}', '\\d{1,3}(?:,\\d{3})*', '[\\s\\S]{0,200}(\\d+)', '(?<=answer: )(\\w+)']) {
    const r = compileRecipeRegex(ok);
    assert.deepEqual(r.problems, [], ok);
    assert.ok(r.value, ok);
  }
});

test('extraction with a huge pattern returns at once instead of holding the thread for minutes', async () => {
  const [r] = await timedExtractions([{ text: `${'a'.repeat(2000)}z`, mode: `regex:${WIDE}` }], 30_000);
  console.log(`extraction with the refused pattern on 2 001 characters: ${r!.ms.toFixed(1)} ms`);
  assert.equal(r!.answer, null);
  assert.ok(r!.ms < 1000, `took ${r!.ms.toFixed(0)} ms`);
});
