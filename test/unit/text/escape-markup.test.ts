// One escaper serves HTML pages, JUnit XML and the templates' `escape` filter (server/src/text/escape-markup.ts);
// these cases pin what each of them relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkup } from '../../../server/src/text/escape-markup';

test('the five markup characters become entities, everything else stays', () => {
  assert.equal(escapeMarkup(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(escapeMarkup('π ≈ 3.14, ok\n'), 'π ≈ 3.14, ok\n');
  assert.equal(escapeMarkup(''), '');
});
