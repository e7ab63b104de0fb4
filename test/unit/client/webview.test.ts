// The client's webview HTML: a strict Content-Security-Policy with a fresh nonce, escaping of dataset text in
// the preview, and the framing of the server's report parts (its style sheet under the nonce, its body as it
// is, the charts kept). These parts are free of the vscode API, so they run here in plain Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { previewBody } from '../../../client/src/preview-html';
import { contentSecurityPolicy, webviewPage } from '../../../client/src/webview-page';
import { summarizeRun } from '../../../server/src/eval';
import { reportFragment } from '../../../server/src/insights';
import { el } from '../../../server/src/report/html';
import { renderView } from '../../../server/src/report/render-view';
import { VIEW_SCRIPT } from '../../../server/src/report/view-script';
import { compareRuns } from '../../../server/src/stats';
import { addToTally, newTally, type ProblemTally, type RunManifest } from '../../../server/src/runs';

const webview = { cspSource: 'https://example.vscode-cdn.net' } as unknown as vscode.Webview;

test('the CSP allows no script, no network and only nonce-bearing styles', () => {
  const csp = contentSecurityPolicy(webview, 'N0NCE');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /style-src 'nonce-N0NCE'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/\*|\*;/);
});

test('every page gets a fresh nonce that its style element carries', () => {
  const a = webviewPage(webview, { title: 't', body: el('p', null, 'x') });
  const b = webviewPage(webview, { title: 't', body: el('p', null, 'x') });
  const nonceOf = (html: string) => /'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonceOf(a) && nonceOf(b));
  assert.notEqual(nonceOf(a), nonceOf(b));
  assert.ok(a.includes(`<style nonce="${nonceOf(a)}">`));
});

test('the title and preview text are escaped', () => {
  const page = webviewPage(webview, { title: '</title><script>alert(1)</script>' });
  assert.ok(!page.includes('<script>'));
  const body = previewBody({
    entry: 'e<1>',
    items: [{ problem: '7', messages: [{ role: 'user', content: 'What is <script>alert(1)</script> 2+2?' }] }],
    problems: ['Row 3 has no "question" <field>.'],
  }).toString();
  assert.ok(!body.includes('<script>'));
  assert.ok(body.includes('What is &lt;script&gt;alert(1)&lt;/script&gt; 2+2?'));
  assert.ok(body.includes('Prompts of e&lt;1&gt;'));
  assert.ok(body.includes('&lt;field&gt;'));
});

test('a preview with no items says so instead of showing an empty page', () => {
  assert.match(previewBody({ entry: 'e', items: [], problems: [] }).toString(), /No problem could be rendered/);
});

test('the server report parts are framed as they are: the style sheet under the nonce, the SVG charts kept', () => {
  const manifest: RunManifest = {
    kind: 'eval', version: 2, sampleIdentity: 'c'.repeat(64), figures: 'd'.repeat(64), entry: 'tiny', recipe: '/r.recipe.yaml', fingerprint: 'ab'.repeat(32), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z',
    model: { name: 'sim', model: 'sim-math', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'tiny', path: '/d.jsonl', sha256: 'a' },
    prompt: { name: 'cot', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16, seed: 3 }, samples: 2, k: [1, 2],
    grader: { extract: 'auto', compare: 'math' }, problems: 2, expect: {},
  };
  const tallies = new Map<string, ProblemTally>();
  for (const [id, verdicts] of [['a', [true, false]], ['b', [false, false]]] as const) {
    const t = newTally(id);
    verdicts.forEach((correct, index) => addToTally(t, { index, answer: correct ? '1' : '2', correct }));
    tallies.set(id, t);
  }
  const s = summarizeRun({ manifest, runDir: '/runs/x', problems: [{ id: 'a', line: 0, gold: '1' }, { id: 'b', line: 1, gold: '1' }], tallies, tokens: { prompt: 1, completion: 1 } });
  const f = reportFragment(s);
  const page = webviewPage(webview, { title: f.title, serverBody: f.html, serverCss: f.css });
  assert.ok(page.includes(f.html), 'the body is framed as it is');
  assert.ok(page.includes('table{border-collapse:collapse'), 'the report style sheet is in the page');
  assert.ok(f.html.includes('<svg'), 'the pass@k chart is there');
  assert.equal((page.match(/<style/g) ?? []).length, 1, 'one style element, the nonce-bearing one');
});

test('a server style sheet that could close its style element is refused, not repaired', () => {
  const page = webviewPage(webview, { title: 'r', serverBody: '<p>y</p>', serverCss: 'h1{color:red}</style><p>x</p>' });
  assert.ok(!page.includes('color:red'));
  assert.equal((page.match(/<\/style>/g) ?? []).length, 1);
});

test('a view with the constant script gets it under the page nonce, and script-src names only that nonce', () => {
  const page = renderView({ kind: 'compare', compare: compareRuns([{ label: '<b>a</b>', counts: [{ problem: 'p', n: 2, correct: 1 }] }, { label: 'b', counts: [{ problem: 'p', n: 2, correct: 2 }] }]) });
  const html = webviewPage(webview, { title: page.title, serverBody: page.body.toString(), css: page.style.text, ...(page.script ? { script: page.script } : {}) });
  const nonce = /'nonce-([^']+)'/.exec(html)![1]!;
  assert.match(html, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
  assert.deepEqual([...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => [m[1], m[2]]), [[` nonce="${nonce}"`, VIEW_SCRIPT.text]]);
  assert.ok(html.includes('&lt;b&gt;a&lt;/b&gt;') && !html.includes('<b>a</b>'));
  assert.match(webviewPage(webview, { title: 't' }), /script-src 'none'/);
});
