// The live preview as view data (passk/previewLive), rendered with the shared renderView: every stage shown, model
// text escaped and bounded, keys redacted before the cut, and the page coloured only by the theme's variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { livePreviewView } from '../../../server/src/insights';
import type { LiveCandidate } from '../../../server/src/preview/preview-live';
import { renderView } from '../../../server/src/report/render-view';
import { VIEW_STYLE } from '../../../server/src/report/view-style';

const render = (entry: string, candidates: LiveCandidate[], redact?: (s: string) => string) => {
  const page = renderView({ kind: 'livePreview', live: livePreviewView(entry, candidates, redact) });
  return { title: page.title, html: page.body.toString(), css: page.style.text, script: page.script };
};

test('stages, verdicts and errors are shown; model text is escaped and cut', () => {
  const f = render('remix', [
    {
      seed: { id: '1', question: 'Tom <b>has</b> 3 apples' },
      trace: { generated: `<script>alert(1)</script> ${'x'.repeat(5000)}`, verification: 'yes', solutions: [{ text: 'so 7', answer: '7' }, { text: 'hmm', answer: null }] },
      record: { key: '1#0', seed: '1', index: 0, question: 'New <i>problem</i>', status: 'accepted', answer: '7', agreement: 0.5 },
    },
    { seed: { id: '2', question: 'q' }, trace: {}, record: { key: '2#0', seed: '2', index: 0, question: null, status: 'rejected', reason: 'unparsable', detail: 'I would rather not.' } },
    { seed: { id: '3', question: 'q' }, trace: {}, error: 'The model answered 401.' },
  ]);
  assert.equal(f.title, 'passk live preview — remix');
  assert.equal(f.script, undefined, 'the live preview carries no script');
  assert.doesNotMatch(f.html, /<script|Tom <b>|<i>/);
  assert.ok(f.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(f.html.includes('Tom &lt;b&gt;has&lt;/b&gt; 3 apples'));
  assert.match(f.html, /… \(1026 more characters\)/ /* 26 + 5000 characters, cut at 4000 */);
  assert.match(f.html, /3 seed\(s\) tried, 1 accepted/);
  assert.match(f.html, /✔ Accepted with label <b>7<\/b> \(agreement 0\.50\)/);
  assert.match(f.html, /✘ Rejected: unparsable <span class="muted">\(I would rather not\.\)<\/span>/);
  assert.match(f.html, /<li>answer <b><span class="muted">none<\/span><\/b>/);
  assert.match(f.html, /! The model answered 401\./);
});

/** Colours written outright: hex, rgb()/hsl() or a named colour after a colour property or attribute. */
const HARD_COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|(?:color|background|fill|stroke|border)(?:-[a-z]+)?\s*[:=]\s*["']?(?:white|black|red|green|blue|gray|grey)\b/i;

test('the page follows the theme: the shared style sheet, whose colours are all theme variables, and none in the markup', () => {
  const f = render('remix', [
    { seed: { id: '1', question: 'q' }, trace: { generated: 'g', solutions: [{ text: 's', answer: '1' }] }, record: { key: '1#0', seed: '1', index: 0, question: 'n', status: 'accepted', answer: '1', agreement: 1 } },
    { seed: { id: '2', question: 'q' }, trace: {}, record: { key: '2#0', seed: '2', index: 0, question: null, status: 'rejected', reason: 'unverified' } },
  ]);
  assert.equal(f.css, VIEW_STYLE.text, 'the one style sheet of every view');
  assert.doesNotMatch(f.html, HARD_COLOUR);
  assert.doesNotMatch(f.html, /\sstyle=/, 'no inline style');
  // Light and dark: a colour may appear only as the fallback of a `--vscode-*` variable (a file opened outside
  // the editor); with the editor's variables defined, in either theme, no hard-coded colour is left to apply.
  const themed = f.css.replace(/var\(--vscode-[a-zA-Z-]+,[^)]*\)/g, 'var(--theme)');
  assert.doesNotMatch(themed, HARD_COLOUR);
  assert.match(f.css, /@media \(prefers-color-scheme:dark\)/, 'a dark palette too, for a file outside the editor');
});

test('a hostile text with a key stays inert and redacted: the key goes before the cut and the escape', () => {
  const key = 'sk-<&>live-9f3a';
  const payload = `</script><img src=x onerror=alert(1)> ${key}`;
  const f = render(`remix ${key}`, [
    {
      seed: { id: payload, question: payload },
      // The key sits across the cut point of a solution (600 characters): cut first, half of it would survive.
      trace: { generated: payload, verification: payload, solutions: [{ text: `${'y'.repeat(595)}${key}`, answer: payload }] },
      record: { key: 'x', seed: 'x', index: 0, question: payload, status: 'rejected', reason: payload as never, detail: payload },
    },
    { seed: { id: '2', question: 'q' }, trace: {}, error: payload },
  ], (s) => s.split(key).join('[redacted]'));
  // No element but the builder's, and no handler attribute on any of them; the payload is shown as text.
  assert.doesNotMatch(f.html, /<script|<\/script|<img|<[a-z][^>]*\son[a-z]+=/i);
  assert.ok(f.html.includes('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'));
  for (const form of [key, 'sk-&lt;&amp;&gt;', 'sk-<', 'sk-&lt;']) assert.ok(!f.html.includes(form), `no trace of the key (${form})`);
  assert.ok(f.html.includes('[redacted]'));
  assert.ok(f.title.includes('[redacted]') && !f.title.includes(key));
});
