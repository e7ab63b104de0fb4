// The analysis worker's answer comes in two messages: the problems, which the server publishes at once, and then
// the document, which completes the analysis. A real worker thread stands in for the analysis worker here and
// holds the document back until the test lets it go, so the order is observed, not assumed. A worker that dies
// between the two messages leaves the problems it sent standing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackgroundAnalyzer } from '../../../server/src/lsp/background-analyzer';
import type { Problem } from '../../../server/src/problems/problem';

/** A worker that answers each request with one problem, then sends the document (or dies) when told to. */
const STAND_IN = `
const { parentPort } = require('node:worker_threads');
let last;
parentPort.on('message', (m) => {
  if (m === 'send-doc') return parentPort.postMessage({ id: last, docMessage: true, doc: { name: 'stand-in', text: '', models: new Map([['m', { name: 'm' }]]) } });
  if (m === 'die') process.exit(3);
  last = m.id;
  parentPort.postMessage({ id: m.id, problems: [{ code: 'recipe/unknown-key', severity: 'error', message: 'x', span: { start: 1, end: 2 } }], docFollows: true });
});
`;

function standIn(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-worker-'));
  const file = path.join(dir, 'stand-in.js');
  fs.writeFileSync(file, STAND_IN);
  return file;
}

const input = { uri: 'file:///a.recipe.yaml', file: '/a.recipe.yaml', text: 'passk: 1\n', version: 1 };

type Result = { doc?: { name: string; text: string; models: Map<string, unknown> } | undefined; problems: Problem[] };
const workerOf = (a: BackgroundAnalyzer) => (a as unknown as { worker: { postMessage(m: unknown): void } }).worker;

test('the problems arrive before the document, and the document comes back with the text it was sent', async () => {
  const analyzer = new BackgroundAnalyzer(standIn(), () => undefined);
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    let finished = false;
    let gotProblems!: (p: Problem[]) => void;
    const problemsIn = new Promise<Problem[]>((resolve) => (gotProblems = resolve));
    const done = new Promise<Result>((resolve) =>
      analyzer.analyze(
        input,
        (r) => {
          finished = true;
          resolve(r as Result);
        },
        undefined,
        gotProblems,
      ),
    );
    const problems = await problemsIn;
    // The stand-in holds the document back until told, so nothing can have finished the analysis yet.
    assert.equal(finished, false, 'the problems were handed over while the document was held back');
    assert.equal(analyzer.isAnalysing(input.uri, 1), true, 'the analysis is not finished without its document');
    workerOf(analyzer).postMessage('send-doc');
    const r = await done;
    assert.equal(r.doc?.name, 'stand-in');
    assert.equal(r.doc?.text, input.text);
    assert.ok(r.doc?.models instanceof Map);
    assert.deepEqual(r.problems, problems);
    assert.equal(analyzer.isAnalysing(input.uri, 1), false);
  } finally {
    clearInterval(keepAlive);
    analyzer.dispose();
  }
});

test('a worker that dies between the problems and the document leaves the problems standing', async () => {
  const analyzer = new BackgroundAnalyzer(standIn(), () => undefined);
  // The analyzer unrefs its worker (it must not keep a server alive), so the test keeps the event loop alive itself
  // until the worker's exit has been seen.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    let gotProblems!: () => void;
    const problemsIn = new Promise<void>((resolve) => (gotProblems = resolve));
    const done = new Promise<Result>((resolve) => analyzer.analyze(input, (r) => resolve(r as Result), undefined, () => gotProblems()));
    await problemsIn;
    workerOf(analyzer).postMessage('die');
    const r = await done;
    assert.equal(r.doc, undefined);
    assert.deepEqual(r.problems.map((p) => p.code), ['recipe/unknown-key']);
  } finally {
    clearInterval(keepAlive);
    analyzer.dispose();
  }
});
