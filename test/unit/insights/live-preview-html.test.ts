// The live preview fragment: every stage shown, model text escaped and bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { livePreviewFragment } from '../../../server/src/insights';

test('stages, verdicts and errors are shown; model text is escaped and cut', () => {
  const f = livePreviewFragment('remix', [
    {
      seed: { id: '1', question: 'Tom <b>has</b> 3 apples' },
      trace: { generated: `<script>alert(1)</script> ${'x'.repeat(5000)}`, verification: 'yes', solutions: [{ text: 'so 7', answer: '7' }, { text: 'hmm', answer: null }] },
      record: { key: '1#0', seed: '1', index: 0, question: 'New <i>problem</i>', status: 'accepted', answer: '7', agreement: 0.5 },
    },
    { seed: { id: '2', question: 'q' }, trace: {}, record: { key: '2#0', seed: '2', index: 0, question: null, status: 'rejected', reason: 'unparsable', detail: 'I would rather not.' } },
    { seed: { id: '3', question: 'q' }, trace: {}, error: 'The model answered 401.' },
  ]);
  assert.equal(f.title, 'passk live preview — remix');
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
