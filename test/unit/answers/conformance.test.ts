// The conformance corpus (test/fixtures/grading/conformance, docs/grading.md): per-category agreement with the
// labelled verdicts must stay above its floor, the whole corpus above 98%, and no near miss may be called equal
// (that error inflates pass@k). Misjudged rows are printed with their reason so a regression names its cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadConformance, scoreConformance } from '../../helpers/conformance';
import { fixtures } from '../../helpers/paths';

const rows = loadConformance(path.join(fixtures, 'grading', 'conformance'));
const scores = scoreConformance(rows);

/** Floors per category; a category not listed here must agree on every row. */
const FLOORS: Record<string, number> = { text: 0.95, 'named-quantities': 0.97 };
const OVERALL = 0.98;

test('the corpus has at least 1 500 labelled rows in at least 20 categories, both verdicts in each', () => {
  assert.ok(rows.length >= 1500, String(rows.length));
  assert.ok(scores.length >= 20, String(scores.length));
  for (const category of new Set(rows.map((r) => r.category))) {
    const rs = rows.filter((r) => r.category === category);
    assert.ok(rs.some((r) => r.equal) && rs.some((r) => !r.equal), `${category} needs equal rows and near misses`);
    assert.ok(rs.every((r) => typeof r.reason === 'string' && r.reason !== ''), `${category}: every row gives its reason`);
  }
});

for (const s of scores) {
  test(`conformance: ${s.category} (floor ${Math.round(100 * (FLOORS[s.category] ?? 1))}%)`, (t) => {
    t.diagnostic(`${s.category}: ${s.agree}/${s.rows} agree, ${s.falseEqual} near misses called equal`);
    const wrong = s.misjudged.map((r) => `${JSON.stringify(r.gold)} vs ${JSON.stringify(r.pred)} should be ${r.equal ? 'equal' : 'different'} (${r.reason})`);
    assert.equal(s.falseEqual, 0, `near misses called equal:\n${wrong.join('\n')}`);
    assert.ok(s.agree / s.rows >= (FLOORS[s.category] ?? 1), `${s.agree}/${s.rows} below the floor:\n${wrong.join('\n')}`);
  });
}

test(`conformance overall >= ${OVERALL * 100}%`, (t) => {
  const agree = scores.reduce((a, s) => a + s.agree, 0);
  t.diagnostic(`overall ${agree}/${rows.length} = ${((100 * agree) / rows.length).toFixed(1)}%`);
  assert.ok(agree / rows.length >= OVERALL);
});
