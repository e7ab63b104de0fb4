// Every passk view (report, comparison, sample browser) made by the one renderer from hostile data: questions,
// sample texts, answers, gold answers, run labels and problem ids holding injection strings, LaTeX that asks for
// links, and a question that closes a script element. The page must hold exactly one script, the constant one,
// no element or attribute outside the allow-lists, and every hostile string as inert text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareRuns } from '../../server/src/stats';
import { htmlDocument, verifiedMathMl } from '../../server/src/report/html';
import { mathText } from '../../server/src/report/math-text';
import { problemViewOf } from '../../server/src/report/problem-view';
import { renderView, type ViewModel } from '../../server/src/report/render-view';
import { reportData } from '../../server/src/report/report-data';
import { VIEW_SCRIPT } from '../../server/src/report/view-script';
import type { SampleRecord } from '../../server/src/runs/sample-record';
import { ALL, hostileSummary, PAYLOADS } from './html-corpus';

const QUESTION = 'Solve $\\frac{x}{2} = \\href{javascript:alert(1)}{3}$ </script><img src=x onerror=alert(1)> $$\\text{</math><script>alert(1)</script>}$$';

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'script',
  'a', 'b', 'code', 'dd', 'details', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'i', 'input', 'label', 'li', 'mark', 'ol', 'p', 'pre',
  'section', 'small', 'span', 'strong', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  'svg', 'g', 'rect', 'line', 'polyline', 'circle', 'path', 'text',
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'mtext', 'ms', 'mspace', 'mfrac', 'msqrt', 'mroot', 'msup', 'msub', 'msubsup',
  'munder', 'mover', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom', 'menclose',
]);

function samples(problem: string): SampleRecord[] {
  return PAYLOADS.slice(0, 6).map((p, index) => ({ problem, index, answer: index === 5 ? null : p, correct: index === 0, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: p, text: `${QUESTION} ${ALL} the answer is ${p}` }));
}

function views(): ViewModel[] {
  const summary = hostileSummary();
  const d = reportData(summary);
  const ids = d.perProblem.map((p) => p.id);
  const browser = problemViewOf(d.entry, ids, new Map(ids.map((id) => [id, samples(id)])), { questions: new Map(ids.map((id) => [id, { question: QUESTION, gold: ALL }])) });
  const counts = ids.map((id, i) => ({ problem: id, n: 4, correct: i % 3, clusterSizes: [2, 2], correctCluster: 0, unanswered: 0 }));
  return [
    { kind: 'report', report: d, provenance: ALL, stale: true, generated: ALL },
    { kind: 'problem', problem: browser },
    { kind: 'compare', compare: compareRuns([{ label: ALL, counts }, { label: PAYLOADS[1]!, counts: counts.map((c) => ({ ...c, correct: 4 - c.correct })) }]) },
  ];
}

test('every view holds only its constant script, allowed by hash, and only allow-listed elements and attributes', () => {
  for (const v of views()) {
    const html = htmlDocument(renderView(v));
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
    assert.deepEqual(scripts, [VIEW_SCRIPT.text], v.kind);
    assert.equal((html.match(/<script/gi) ?? []).length, 1, v.kind);
    const hash = createHash('sha256').update(VIEW_SCRIPT.text).digest('base64');
    assert.match(html, new RegExp(`default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`));
    const body = html.slice(html.indexOf('<body>'), html.indexOf('<script>'));
    for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) {
      const name = /^<([a-z][a-z0-9]*)/i.exec(tag)![1]!.toLowerCase();
      assert.ok(ALLOWED_TAGS.has(name), `${v.kind}: element ${tag}`);
      // Attribute names only (values are quoted and escaped): no handler, source or inline style.
      assert.ok(!/\son[a-z]+\s*=|\ssrc\s*=|\sstyle\s*=/i.test(tag.replace(/"[^"]*"/g, '""')), `${v.kind}: attribute in ${tag}`);
      const href = /\shref="([^"]*)"/.exec(tag);
      if (href) assert.match(href[1]!, /^#p\d+$/, `${v.kind}: link ${tag}`);
    }
    assert.ok(!/<img|<iframe|<object|<embed|<style>@import/i.test(body), v.kind);
  }
});

test('the question is shown as text with its math rendered, and the script-closing part stays inert', () => {
  const html = htmlDocument(renderView(views()[1]!));
  assert.ok(html.includes('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
  assert.match(html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"><semantics><mrow><mfrac><mi>x<\/mi><mn>2<\/mn><\/mfrac>/);
  // The extracted answer is marked where the sample states it, as escaped text.
  assert.ok(html.includes(`the answer is <mark>${'&lt;script&gt;alert(1)&lt;/script&gt;'}</mark>`));
});

test('math renders to allow-listed MathML, and anything else from the renderer is refused', () => {
  assert.match(mathText('$\\sqrt{2}$ and $$x^2$$').toString(), /<msqrt><mn>2<\/mn><\/msqrt>.*<div class="math"><span class="katex"><math[^>]* display="block"/);
  assert.doesNotMatch(mathText('$\\href{javascript:alert(1)}{x}$').toString(), /href=|javascript:alert\(1\)"/);
  assert.equal(mathText('$\\frac{1}{$').toString(), '$\\frac{1}{$');
  assert.equal(verifiedMathMl('<span class="katex"><math><mi>x</mi></math></span>')?.toString(), '<span class="katex"><math><mi>x</mi></math></span>');
  for (const bad of ['<math><script>alert(1)</script></math>', '<math onload="x"></math>', '<math><mi style="x">a</mi></math>', '<math><mi>a</math></mi>', '<math><mi>a & b</mi></math>', '<math><a href="#x">a</a></math>', '<math>']) {
    assert.equal(verifiedMathMl(bad), null, bad);
  }
});
