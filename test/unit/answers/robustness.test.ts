import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerKey, answersEqual, clusterAnswers, extractAnswer } from '../../../server/src/answers';

// Adversarial inputs: every comparison must return a boolean quickly and never throw. Timing here is a hang
// guard with a generous bound, not a performance measurement (that lives in bench/grading.js).
const nasty = [
  '2^{2^{2^{2^{2^{2}}}}}',
  '10^{10^{10}}',
  '9999999999999999999999!',
  '\\frac{'.repeat(500),
  '('.repeat(5000),
  '\\sqrt{'.repeat(300) + '2' + '}'.repeat(300),
  'x^'.repeat(400) + 'x',
  '1e99999',
  '\\binom{100000}{50000}',
  '0.' + '3'.repeat(100000),
  '\\begin{pmatrix}' + '1 & '.repeat(2000) + '\\end{pmatrix}',
  '}{}{}{\\\\\\$$$',
  '\u0000\uffff\ud800',
  '(1,2' + ',3'.repeat(3000) + ')',
  '\\sin(\\sin(\\sin(\\sin(\\sin(\\sin(x))))))' + '+x'.repeat(200),
];

test('adversarial answers never throw and never hang', () => {
  for (const a of nasty) {
    for (const b of [...nasty, '4', 'x']) {
      const start = Date.now();
      const r = answersEqual(a, b, 'math');
      assert.equal(typeof r, 'boolean');
      assert.ok(Date.now() - start < 2000, `too slow on ${a.slice(0, 30)} vs ${b.slice(0, 30)}`);
    }
    assert.equal(typeof answerKey(a), 'string');
    assert.equal(typeof extractAnswer(a, 'auto').mode, 'string');
  }
  assert.equal(answersEqual(null as unknown as string, '1'), false);
  assert.equal(answersEqual('1', undefined as unknown as string), false);
});

test('extraction stays fast on a huge one-line output with many candidates', () => {
  const text = 'The answer is 3. Then. '.repeat(8000) + 'x. '.repeat(20000) + 'The answer is **42**.';
  const start = Date.now();
  const r = extractAnswer(text, 'auto');
  assert.equal(r.answer, '42');
  assert.ok(answersEqual('42', r.answer!));
  assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
});

test('answerKey: equal numbers share a key, different ones do not', () => {
  assert.equal(answerKey('18'), answerKey('18.0'));
  assert.equal(answerKey('\\frac{10}{24}'), answerKey('\\frac{5}{12}'));
  assert.equal(answerKey('$1,234'), answerKey('1234'));
  assert.equal(answerKey('25\\%'), answerKey('0.25'));
  assert.notEqual(answerKey('0.3333'), answerKey('\\frac13'));
  assert.notEqual(answerKey('18'), answerKey('-18'));
});

test('clusterAnswers groups equivalent answers, keeps unanswered apart, largest first', () => {
  const r = clusterAnswers(['18', null, '18.0', '\\$18', '(x+1)^2', 'x^2+2x+1', '17', '', 'x^2+2x+1'], 'math');
  assert.equal(r.unanswered, 2);
  assert.deepEqual(
    r.clusters.map((c) => c.members),
    [[0, 2, 3], [4, 5, 8], [6]],
  );
  assert.equal(r.clusters[0]!.representative, '18');
  const exact = clusterAnswers(['18', '18.0'], 'exact');
  assert.equal(exact.clusters.length, 2);
});

test('clusterAnswers on 1024 distinct symbolic answers stays bounded and still merges the big groups', () => {
  const answers: string[] = [];
  for (let i = 0; i < 300; i++) answers.push(i % 2 ? '(x+1)^2' : 'x^2+2x+1');
  for (let i = 0; i < 724; i++) answers.push(`x^{${i + 3}}+${i}y`);
  const start = Date.now();
  const r = clusterAnswers(answers, 'math');
  assert.equal(r.clusters[0]!.members.length, 300);
  assert.equal(r.clusters.length, 725);
  assert.ok(Date.now() - start < 20000, `took ${Date.now() - start} ms`);
});
