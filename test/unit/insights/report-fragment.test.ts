// The report webview content: a body fragment plus its stylesheet, with no script, handler or external resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFragment } from '../../../server/src/insights';
import { summaryOf, times } from './summary-fixture';

test('the fragment is the report body without document wrapper; the css is its stylesheet', () => {
  const s = summaryOf([{ id: '<img src=x onerror=alert(1)>', line: 0, gold: '5', answers: times('5', 2) }], 2, [1, 2]);
  const f = reportFragment(s, '2026-11-27T12:00:00Z');
  assert.equal(f.title, 'passk report — gsm');
  assert.match(f.html, /^<h1>passk report — gsm<\/h1>/);
  assert.doesNotMatch(f.html, /<(html|head|body|style|script|link)\b/i);
  const tags = f.html.match(/<[a-z][^>]*>/gi) ?? [];
  // Attribute values are quoted and escaped (a problem id is one, for sorting); names are what could run code.
  assert.ok(tags.length > 20 && tags.every((t) => !/\son[a-z]+\s*=/i.test(t.replace(/"[^"]*"/g, '""'))), 'no event-handler attribute in any tag');
  assert.ok(f.html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'problem ids are escaped text');
  assert.match(f.html, /<svg/);
  assert.match(f.css, /table\{border-collapse:collapse/);
});

test('the fragment names what produced the figures, and warns first when the run is stale', () => {
  const s = summaryOf([{ id: '1', line: 0, gold: '5', answers: times('5', 2) }], 2, [1, 2]);
  assert.match(reportFragment(s).html, /id="provenance">run \S+ · recipe x\.recipe\.yaml · model student \(sim, chat\) at http:\/\/127\.0\.0\.1:1 · /);
  assert.doesNotMatch(reportFragment(s).html, /STALE/);
  assert.match(reportFragment(s, undefined, true).html, /^<h1>[^<]*<\/h1>\n<p class="bad"><b>STALE: the recipe changed/);
});
