import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answersEqual } from '../../../server/src/answers';
import { fixtures } from '../../helpers/paths';

interface Case {
  category: string;
  gold: string;
  pred: string;
  equal: boolean;
}

const cases: Case[] = fs
  .readFileSync(path.join(fixtures, 'grading', 'equivalence.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Case);

test('the equivalence fixture has at least 200 cases, equal and not equal', () => {
  assert.ok(cases.length >= 200, String(cases.length));
  assert.ok(cases.filter((c) => c.equal).length >= 60);
  assert.ok(cases.filter((c) => !c.equal).length >= 60);
});

const categories = [...new Set(cases.map((c) => c.category))];
for (const category of categories) {
  test(`equivalence: ${category}`, (t) => {
    const rows = cases.filter((c) => c.category === category);
    const wrong = rows.filter((c) => answersEqual(c.gold, c.pred, 'math') !== c.equal);
    t.diagnostic(`${category}: ${rows.length - wrong.length}/${rows.length} correct`);
    assert.deepEqual(
      wrong.map((c) => `${c.gold} vs ${c.pred} should be ${c.equal ? 'equal' : 'different'}`),
      [],
    );
  });
}

test('compare modes: exact is string equality, numeric refuses symbols', () => {
  assert.equal(answersEqual('18', '18.0', 'exact'), false);
  assert.equal(answersEqual('18', ' 18 ', 'exact'), true);
  assert.equal(answersEqual('18', '18.0', 'numeric'), true);
  assert.equal(answersEqual('1,234', '1234', 'numeric'), true);
  assert.equal(answersEqual('x+1', '1+x', 'numeric'), false);
  assert.equal(answersEqual('x+1', '1+x', 'math'), true);
});

test('an answer equals itself written inside math delimiters (no identical-string shortcut)', () => {
  for (const c of cases) {
    assert.ok(answersEqual(c.gold, `$${c.gold}$`), c.gold);
    assert.ok(answersEqual(`\\(${c.pred}\\)`, c.pred), c.pred);
  }
});
