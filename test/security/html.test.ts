// Reports that cannot be injected. An injection corpus (./html-corpus) goes into every field that reaches HTML —
// entry, model and dataset names, model id, problem ids, questions, gold and sampled answers, model texts,
// parameters, numbers replaced by strings, objects replaced by anything — through the builder directly, through
// the renderers, through `passk report --html` on a run folder passk itself made from a hostile recipe, dataset
// and model server (valid by construction, hostile in every text), through a tampered summary.json, and through
// the language server's passk/report and passk/previewLive over real stdio. Every output is parsed by a strict
// tokenizer (./html-checker): only allow-listed elements and attributes, no event handler, no script, no unsafe
// URL, the standalone file opening with a script-free Content-Security-Policy whose style hash matches, and
// every payload visible as text (escaped, not dropped).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reportFragment, livePreviewView } from '../../server/src/insights';
import type { LiveCandidate } from '../../server/src/preview/preview-live';
import type { CandidateRecord } from '../../server/src/synthesis/candidate-journal';
import { renderView } from '../../server/src/report/render-view';
import type { LivePreviewResult, ReportResult } from '../../server/src/protocol/requests';
import { renderHtmlReport, renderJUnit, renderSummaryTable } from '../../server/src/report';
import { css, el, fragment, Html, htmlDocument, join, num, percent, standaloneCsp, type Attributes, type Tag } from '../../server/src/report/html';
import type { RunSummary } from '../../server/src/runs/run-summary';
import { runCli } from '../cli/eval-cli-helpers';
import { fileUri, LspClient } from '../lsp/harness';
import { boundKey, testSession } from '../helpers/session-keys';
import { checkHtml, checkStandaloneCsp, type CheckedHtml } from './html-checker';
import { ALL, hostileSummary, numbersReplaced, PAYLOADS, plantRun, shapeTampered, hostileManifest } from './html-corpus';
import { startHostileModel, type HostileModel } from './hostile-model';
import { ENTRY, hostileWorkspace, ROWS, SYNTH, type HostileWorkspace } from './hostile-workspace';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

function assertClean(checked: CheckedHtml, what: string): void {
  assert.deepEqual(checked.violations, [], `${what}: ${checked.violations.slice(0, 5).join('; ')}`);
}

function assertStandalone(html: string, what: string): CheckedHtml {
  const checked = checkHtml(html, { document: true });
  assertClean(checked, what);
  const csp = checkStandaloneCsp(checked, sha256);
  assert.deepEqual(csp.violations, [], `${what}: ${csp.violations.join('; ')}`);
  return checked;
}

function assertShown(text: string, payloads: readonly string[], what: string): void {
  const missing = payloads.filter((p) => !text.includes(p));
  assert.deepEqual(missing, [], `${what}: payloads not shown as text`);
}

// ---------------------------------------------------------------------------------------------------------------
// The builder itself.

test('el escapes every payload in element text and attribute values, in HTML and in SVG', () => {
  for (const p of PAYLOADS) {
    const page = fragment(
      el('p', { class: p, title: p, 'aria-label': p }, p, el('b', null, p), el('code', null, p)),
      el('pre', null, p),
      el('svg', { 'aria-label': p }, el('title', null, p), el('text', { x: 1, y: 2 }, p), el('rect', { fill: p })),
      join([p, p], p),
    ).toString();
    const checked = checkHtml(page, { document: false });
    assertClean(checked, JSON.stringify(p));
    assert.ok(checked.text.split(p).length - 1 >= 8, `${JSON.stringify(p)} is shown as text every time`);
    const attrValues = checked.tags.flatMap((t) => t.attrs.filter(([a]) => a !== 'x' && a !== 'y').map(([, v]) => v));
    assert.deepEqual(attrValues, Array(attrValues.length).fill(p), 'attribute values decode to the payload exactly');
  }
});

test('attribute names outside the allow-list (event handlers among them) and unknown tags cannot be produced', () => {
  const attrs = { onerror: 'alert(1)', onclick: 'alert(1)', style: 'background:url(https://evil.example)', src: 'x', srcdoc: '<script>', 'xlink:href': 'javascript:alert(1)', class: 'ok' } as unknown as Attributes;
  const out = el('span', attrs, 'x').toString();
  assert.equal(out, '<span class="ok">x</span>');
  for (const tag of ['script', 'img', 'iframe', 'style', 'animate', 'foreignObject', 'a onclick=alert(1)', 'set', 'use', 'base', 'meta', 'link', 'object']) {
    const h = el(tag as Tag, null, 'x').toString();
    assertClean(checkHtml(h, { document: false }), tag);
    assert.equal(h, '<span>x</span>', `${tag} becomes a span`);
  }
});

test('URLs other than http(s) and in-page anchors are dropped from href, in every disguise', () => {
  for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example/x', 'file:///etc/passwd', '&#106;avascript:alert(1)', 'https://ok.example/\u0000']) {
    const h = el('a', { href: url }, 'link').toString();
    assert.equal(h, '<a>link</a>', JSON.stringify(url));
  }
  assert.equal(el('a', { href: 'https://example.org/a?b="c"&d' }, 'x').toString(), '<a href="https://example.org/a?b=&quot;c&quot;&amp;d">x</a>');
  assert.equal(el('a', { href: '#problems' }, 'x').toString(), '<a href="#problems">x</a>');
});

test('the numeric formatter refuses strings, NaN, Infinity and objects; attributes drop non-finite numbers', () => {
  assert.equal(num(0.125, 2).toString(), '0.13');
  assert.equal(percent(0.4167).toString(), '41.7%');
  assert.equal(num(null).toString(), '—');
  assert.equal(num(NaN).toString(), '—');
  for (const bad of ['<script>alert(1)</script>', '1', Infinity, -Infinity, {}, [1], true, 10n]) {
    assert.equal(num(bad).toString(), '?', String(typeof bad));
    assert.equal(percent(bad).toString(), '?', String(typeof bad));
  }
  assert.equal(el('rect', { x: Infinity, y: NaN, width: 3 }).toString(), '<rect width="3"/>');
});

test('only builder-made values are markup: strings, look-alike objects and parsed JSON are text', () => {
  const made = el('b', null, 'x');
  assert.ok(Html.is(made));
  const forged = [
    { toString: () => '<script>alert(1)</script>' },
    Object.create(Html.prototype) as Html,
    JSON.parse(JSON.stringify({ markup: '<script>alert(1)</script>' })),
    { toString: 1, valueOf: 2 },
    '<script>alert(1)</script>',
  ];
  for (const f of forged) {
    assert.ok(!Html.is(f));
    const out = el('p', null, f as unknown as string).toString();
    assertClean(checkHtml(out, { document: false }), String(typeof f));
    assert.ok(!out.includes('<script'), out);
  }
  assert.equal(el('p', null, made, made).toString(), '<p><b>x</b><b>x</b></p>');
});

test('style sheets take no data and cannot close their element; the standalone page policy carries their hash', () => {
  const data = '}</style><script>alert(1)</script>';
  const tag = css as unknown as (s: TemplateStringsArray, ...v: unknown[]) => unknown;
  assert.throws(() => tag(Object.assign(['a{', '}'], { raw: ['a{', '}'] }) as unknown as TemplateStringsArray, data));
  assert.throws(() => tag(Object.assign([data], { raw: [data] }) as unknown as TemplateStringsArray));
  assert.throws(() => tag([data] as unknown as TemplateStringsArray), 'a plain array is not a template literal');
  const style = css`p{color:red}`;
  const doc = htmlDocument({ title: ALL, style, body: el('p', null, ALL) });
  const checked = assertStandalone(doc, 'document');
  assert.ok(standaloneCsp(style).includes(`'sha256-${sha256('p{color:red}')}'`));
  assertShown(checked.text, PAYLOADS, 'title and body');
});

// ---------------------------------------------------------------------------------------------------------------
// The renderers, on hostile data in memory.

test('the standalone report of a well-typed but hostile summary: allow-listed markup, a CSP admitting only its own script, payloads as text', () => {
  const s = hostileSummary();
  const checked = assertStandalone(renderHtmlReport(s, { generated: PAYLOADS[5] }), 'report');
  assertShown(checked.text, [...PAYLOADS.map((p, i) => `${p} #${i}`), `entry ${ALL}`, `model ${ALL}`, `id ${ALL}`, `dataset ${ALL}`], 'report');
  const f = reportFragment(s, PAYLOADS[5]);
  assertClean(checkHtml(f.html, { document: false }), 'fragment');
  assert.ok(!f.css.includes('<'));
});

test('tampered summaries (numbers replaced by strings, objects by strings, lists or null) render without throwing or markup from the file', () => {
  const base = hostileSummary();
  const variants = [...PAYLOADS.map((p) => numbersReplaced(base, p)), ...shapeTampered(base), null, PAYLOADS[0], [], {}];
  assert.ok(variants.length > 90);
  for (const [i, v] of variants.entries()) {
    const s = v as RunSummary;
    const doc = renderHtmlReport(s);
    assertStandalone(doc, `variant ${i}`);
    assertClean(checkHtml(reportFragment(s).html, { document: false }), `fragment of variant ${i}`);
    // The terminal table and JUnit read the same guarded data; they must not throw either.
    assert.equal(typeof renderSummaryTable(s), 'string');
    assert.ok(!renderJUnit(s).includes('<script'), `JUnit of variant ${i}`);
  }
  // A number field holding a string is refused, not printed: the temperature shows as missing.
  const doc = renderHtmlReport(numbersReplaced(base, '<img src="x"/onerror=alert(1)>') as RunSummary);
  assert.ok(checkHtml(doc, { document: true }).text.includes('temperature —'));
});

test('the live preview view of hostile seeds and model texts: allow-listed markup, payloads as text, keys redacted before escaping', () => {
  const key = `sk-<&>"'-${PAYLOADS[3]}`;
  const say = (p: string) => `${p} (key ${key})`;
  const candidates: LiveCandidate[] = PAYLOADS.map((p, i) => ({
    seed: { id: say(`${p} #${i}`), question: say(p) },
    trace: { generated: say(p), verification: say(p), solutions: [{ text: say(p), answer: say(p) }, { text: say(p), answer: null }] },
    ...(i % 3 === 2 ? { error: say(p) } : {
      record: i % 3 === 0
        ? { key: `${i}#0`, seed: String(i), index: 0, question: say(p), status: 'accepted' as const, answer: say(p), agreement: 0.5 }
        : { key: `${i}#0`, seed: String(i), index: 0, question: say(p), status: 'rejected' as const, reason: say(p) as NonNullable<CandidateRecord['reason']>, detail: say(p) },
    }),
  }));
  // A record from a malformed journal: a number where text belongs, a string where a number belongs.
  candidates.push({ seed: { id: 7 as unknown as string, question: say('q') }, trace: {}, record: { key: 'x', seed: 'x', index: 0, question: say('q'), status: 'accepted', answer: say('a'), agreement: PAYLOADS[3] as unknown as number } });
  const redact = (text: string) => text.split(key).join('***');
  const view = livePreviewView(`remix ${ALL}`, candidates, redact);
  assert.ok(!JSON.stringify(view).includes(key.slice(0, 6)), 'the key is redacted from the data the server sends');
  const page = renderView({ kind: 'livePreview', live: view });
  const html = page.body.toString();
  const checked = checkHtml(html, { document: false });
  assertClean(checked, 'live preview');
  assertShown(checked.text, [...PAYLOADS, `remix ${ALL}`], 'live preview');
  assert.ok(!checked.text.includes(key), 'the key is redacted from every text');
  assert.ok(!html.includes('sk-&lt;&amp;&gt;'), 'not even in escaped form');
  assert.ok(!page.style.text.includes('<'));
});

// ---------------------------------------------------------------------------------------------------------------
// The real CLI and language server, on a run folder passk made from a hostile recipe, dataset and model.

let model: HostileModel;
let ws: HostileWorkspace;
let runDir: string;
let tamperedDir: string;

before(async () => {
  model = await startHostileModel();
  ws = hostileWorkspace(model.url);
  const ev = await runCli(['eval', ws.recipe, '--entry', ENTRY, '--json']);
  // The hostile recipe expects more than the run reaches (so the report lists a failed expectation): exit 4.
  assert.equal(ev.code, 4, ev.stderr);
  runDir = (JSON.parse(ev.stdout) as { runDir: string }).runDir;
  // A copy of the run whose summary.json was edited by hand: every number is now a payload.
  tamperedDir = path.join(ws.dir, 'tampered-run');
  fs.cpSync(runDir, tamperedDir, { recursive: true });
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as unknown;
  fs.writeFileSync(path.join(tamperedDir, 'summary.json'), JSON.stringify(numbersReplaced(summary, '<img src="x"/onerror=alert(1)>')));
});

after(async () => {
  await model?.close();
  ws?.remove();
});

const problemIds = Array.from({ length: ROWS }, (_, i) => `${PAYLOADS[i]} #${i}`);

test('passk report --html on the hostile run, by recipe and by folder: allow-listed markup, a CSP admitting only its own script, payloads as text', async () => {
  for (const target of [[ws.recipe, '--entry', ENTRY], [runDir]]) {
    const out = path.join(ws.dir, 'out', `report-${target.length}.html`);
    const r = await runCli(['report', ...target, '--html', out]);
    assert.equal(r.code, 0, r.stderr);
    const checked = assertStandalone(fs.readFileSync(out, 'utf8'), `report of ${target[0]}`);
    assertShown(checked.text, [...problemIds, ENTRY, `id ${ALL}`], 'report');
  }
  // The same folder with samples only (the run died before its summary): the summary is rebuilt from hostile samples.
  const partial = path.join(ws.dir, 'partial-run');
  fs.cpSync(runDir, partial, { recursive: true });
  fs.rmSync(path.join(partial, 'summary.json'));
  const out = path.join(ws.dir, 'out', 'partial.html');
  const r = await runCli(['report', partial, '--html', out]);
  assert.equal(r.code, 0, r.stderr);
  assertShown(assertStandalone(fs.readFileSync(out, 'utf8'), 'partial report').text, problemIds, 'partial report');
});

test('passk report --html on a tampered summary.json either refuses it or writes a report with no markup from it', async () => {
  const out = path.join(ws.dir, 'out', 'tampered.html');
  const r = await runCli(['report', tamperedDir, '--html', out]);
  if (fs.existsSync(out)) {
    assertStandalone(fs.readFileSync(out, 'utf8'), 'tampered report');
    assert.equal(r.code, 0, r.stderr);
  } else {
    assert.notEqual(r.code, 0, 'no report written, so the command fails');
    assert.match(r.stderr, /summary|run/i, 'and says why');
  }
  // A planted folder that passk never wrote, with the summary a hostile manifest gives.
  const planted = plantRun(path.join(ws.dir, 'planted-run'), hostileManifest(4), hostileSummary());
  const out2 = path.join(ws.dir, 'out', 'planted.html');
  const r2 = await runCli(['report', planted, '--html', out2]);
  assert.equal(r2.code, 0, r2.stderr);
  assertShown(assertStandalone(fs.readFileSync(out2, 'utf8'), 'planted report').text, [`entry ${ALL}`], 'planted report');
});

test('passk/report and passk/previewLive over stdio return only allow-listed markup, with payloads as text and no API key', async () => {
  const key = `sk-<&>"'-html-sec-${'k'.repeat(8)}`;
  // Keys reach the server only sealed under the session key the client gave it (docs/models.md, "API keys").
  const session = testSession();
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: session.env });
  let wire = '';
  client.child.stdout.on('data', (b: Buffer) => (wire += b.toString()));
  try {
    const uri = fileUri(ws.recipe);
    client.open(uri, ws.text);
    await client.waitForDiagnostics(uri);
    for (const params of [{ uri, entry: ENTRY }, { runDir }]) {
      const rep = await client.request<ReportResult>('passk/report', params);
      assert.ok(rep.view, JSON.stringify(rep.problems));
      // The server sends data; the client renders it with the CLI's renderer, so the rendered body is checked.
      const page = renderView(rep.view);
      const checked = checkHtml(page.body.toString(), { document: false });
      assertClean(checked, `passk/report ${JSON.stringify(params)}`);
      assertShown(checked.text, [...problemIds, ENTRY], 'passk/report');
      assert.ok(!page.style.text.includes('<'), 'the style sheet comes apart from the body and cannot close its element');
    }
    const tampered = await client.request<ReportResult>('passk/report', { runDir: tamperedDir });
    if (tampered.view) assertClean(checkHtml(renderView(tampered.view).body.toString(), { document: false }), 'passk/report of the tampered run');
    else assert.ok(tampered.problems.length > 0, 'a refused run says why');

    const live = await client.request<LivePreviewResult>('passk/previewLive', {
      uri, entry: SYNTH, limit: 3, sealedKeys: session.seal(boundKey(model.url, `id ${ALL}`, key), 'passk/previewLive'),
    });
    assert.deepEqual(live.problems, []);
    assert.ok(live.view, 'the live preview is view data');
    const checked = checkHtml(renderView(live.view).body.toString(), { document: false });
    assertClean(checked, 'passk/previewLive');
    assertShown(checked.text, [...PAYLOADS.slice(0, 3), `(echo: Bearer [redacted])`], 'passk/previewLive');
    for (const form of [key, JSON.stringify(key).slice(1, -1), 'sk-&lt;&amp;&gt;', 'sk-\\u003c&']) assert.ok(!wire.includes(form), `the key is in no byte sent (${form})`);
  } finally {
    await client.stop();
  }
});
