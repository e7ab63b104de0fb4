// A synthesis run from the editor over real stdio, against the fake teacher on 127.0.0.1: CodeLens actions on
// the `synthesize` entry, `passk/run` with kind synthesize (progress in candidates, key only in the request),
// the last run's accepted/candidates lens afterwards, and the preview of its generate prompts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkDoneProgress, type CodeLens, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { LivePreviewResult, PreviewResult, RunResult } from '../../server/src/protocol/requests';
import { renderView } from '../../server/src/report/render-view';
import { VIEW_STYLE } from '../../server/src/report/view-style';
import { startFakeTeacher, type FakeTeacher } from '../unit/synthesis/fake-teacher';
import { fileUri, LspClient, rangeOf } from './harness';
import { boundKey, testSession } from '../helpers/session-keys';

const KEY = 'sk-lsp-synth-91c2d7aa';
const seeds = ['Tom has 3 apples and buys 4 more. How many apples does he have?', 'Mia earns $8 an hour and works 5 hours. How much does she earn?', 'An UNSOLVABLE triangle has four sides of length 2. What is its perimeter?'];

let teacher: FakeTeacher;
let dir: string;
let client: LspClient;
let text: string;
let wire = '';
const session = testSession();
/** The teacher's key, sealed for one request method as the VS Code client sends it. */
const sealed = (method: string) => session.seal(boundKey(teacher.url, 'fake-teacher', KEY), method);
const uri = () => fileUri(path.join(dir, 'synth.recipe.yaml'));

before(async () => {
  teacher = await startFakeTeacher();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-lsp-synth-'));
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), seeds.map((q, i) => JSON.stringify({ question: q, answer: `#### ${i}` })).join('\n') + '\n');
  text = `passk: 1
models:
  teacher: { baseUrl: "${teacher.url}", model: fake-teacher, apiKey: '\${env:PASSK_LSP_SYNTH_UNSET}', concurrency: 2 }
datasets:
  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  check: 'Is this well-posed? Answer "yes" or "no". {{ question }}'
  solve: "{{ question }} Solve it."
synthesize:
  remix:
    seeds: seeds
    perSeed: 2
    generate: { model: teacher, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    verify: { model: teacher, prompt: check, accept: '^\\s*yes' }
    solve: { model: teacher, prompt: solve, samples: 4 }
    filters:
      consistency: { minAgreement: 0.75 }
    output: out/remix.jsonl
`;
  fs.writeFileSync(path.join(dir, 'synth.recipe.yaml'), text);
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: session.env });
  client.child.stdout.on('data', (b: Buffer) => (wire += b.toString()));
  client.open(uri(), text);
  await client.waitForDiagnostics(uri());
});

after(async () => {
  await client?.stop();
  await teacher?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lensTitles = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri() } })).map((l) => l.command!.title);

test('synthesize entries get "▶ Synthesize" and "Preview" on their key, and no summary before a run', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri() } });
  assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command, l.command!.arguments]), [
    ['▶ Synthesize', 'passk.runSynthesis', [uri(), 'remix']],
    ['Preview', 'passk.previewProblems', [uri(), 'remix']],
  ]);
  const key = rangeOf(text, 'remix');
  assert.ok(lenses.every((l) => l.range.start.line === key.start.line));
});

test('passk/run synthesizes with progress in candidates, then the lens shows accepted / candidates', async () => {
  const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
  client.rpc.onProgress(WorkDoneProgress.type, 'tok-synth', (v) => void progress.push(v));
  const r = await client.request<RunResult>('passk/run', { uri: uri(), kind: 'synthesize', entry: 'remix', sealedKeys: sealed('passk/run'), workDoneToken: 'tok-synth' });
  assert.equal(r.completed, true, r.problems.join(' '));
  assert.equal(r.samples, 6);
  assert.equal(r.expectedSamples, 6);
  assert.deepEqual(r.passAtK, {});
  await client.waitFor(() => (progress.at(-1)?.kind === 'end' ? true : undefined), 2000, 'progress end');
  assert.equal(progress[0]!.kind, 'begin');
  // Per-stage counts, rejections by reason and the rate, as the CLI's status line has them.
  assert.ok(progress.some((p) => p.kind === 'report' && /^\d\/6 · generated \d · verified \d · solved \d · kept \d( · rejected: [a-z-]+ \d(, [a-z-]+ \d)*)? · [\d.]+\/s/.test(p.message ?? '')), JSON.stringify(progress.map((p) => p.message)));
  assert.ok(progress.some((p) => p.kind === 'report' && /^6\/6 .*kept [1-9]/.test(p.message ?? '')));
  const out = fs.readFileSync(path.join(dir, 'out', 'remix.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.ok((await lensTitles()).includes(`last synthesis: ${out.length} accepted / 6 candidates · just now`));
  assert.ok(out.length === 4, 'the UNSOLVABLE seed is rejected by the verifier');
  assert.ok(teacher.authHeaders.length > 0 && teacher.authHeaders.every((h) => h === `Bearer ${KEY}`));
  assert.ok(!wire.includes(KEY), 'the key never comes back from the server');
});

test('passk/preview of a synthesize entry renders its generate prompts for the first seeds', async () => {
  const p = await client.request<PreviewResult>('passk/preview', { uri: uri(), entry: 'remix' });
  assert.equal(p.entry, 'remix');
  assert.equal(p.items.length, 3);
  assert.ok(p.items[0]!.messages.at(-1)!.content.startsWith(`Given Question: ${seeds[0]}`));
});

test('an unknown entry and a malformed request answer clear errors', async () => {
  await assert.rejects(client.request('passk/run', { uri: uri(), kind: 'synthesize', entry: 'nope' }), /no synthesize entry named "nope"/);
  await assert.rejects(client.request('passk/run', { uri: uri(), kind: 'train', entry: 'remix' }), /passk\/run: "kind" must be one of "evaluate", "synthesize"/);
  assert.ok(client.alive);
});

test('passk/previewLive runs the pipeline on the first seeds and answers view data that renders escaped and script-free', async () => {
  const before = teacher.requests;
  const r = await client.request<LivePreviewResult>('passk/previewLive', { uri: uri(), entry: 'remix', limit: 3, sealedKeys: sealed('passk/previewLive') });
  assert.deepEqual(r.problems, []);
  assert.equal(r.title, 'passk live preview — remix');
  assert.ok(teacher.requests > before, 'the models were called');
  // The server answers view data; the client renders it with the shared renderer, as here.
  assert.equal(r.view?.kind, 'livePreview');
  const page = renderView(r.view!);
  const html = page.body.toString();
  assert.match(html, /3 seed\(s\) tried, 2 accepted/);
  assert.ok(html.includes('FINAL CREATED QUESTION: Remix'), 'the generator text is shown');
  assert.ok(html.includes('Mia earns $8'), 'seed text is shown');
  assert.match(html, /✘ Rejected: unverified/);
  assert.doesNotMatch(html, /<script|<html|<body|\son[a-z]+=/i);
  assert.equal(page.style, VIEW_STYLE, 'the theme-aware style of every view');
  assert.ok(!fs.existsSync(path.join(dir, '.passk', 'synth', 'preview')), 'nothing is journaled');
  assert.ok(!wire.includes(KEY));
});

test('passk/previewLive is refused in an untrusted workspace without calling a model', async () => {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, workspaceTrusted: false }, rootUri: null, env: session.env });
  try {
    c.open(uri(), text);
    const before = teacher.requests;
    await assert.rejects(c.request('passk/previewLive', { uri: uri(), entry: 'remix', sealedKeys: sealed('passk/previewLive') }), /untrusted workspace/);
    assert.equal(teacher.requests, before);
  } finally {
    await c.stop();
  }
});
