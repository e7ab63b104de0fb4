import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractAnswer, extractGold } from '../../../server/src/answers';

function check(text: string, mode: string, answer: string | null, via?: string) {
  const r = extractAnswer(text, mode);
  assert.equal(r.answer, answer, `${mode} on ${JSON.stringify(text)}`);
  if (answer !== null) {
    assert.ok(r.span, 'an answer carries its span');
    assert.equal(text.slice(r.span.start, r.span.end), answer, 'the span points at the answer text');
  }
  if (via) assert.equal(r.mode, via);
}

test('boxed: last box wins, nested braces, fbox, empty and truncated boxes are no answer', () => {
  check('First \\boxed{1}, then \\boxed{\\frac{a}{\\{b\\}}}.', 'boxed', '\\frac{a}{\\{b\\}}');
  check('so $\\boxed{\\frac{\\sqrt{3}}{2}}$', 'boxed', '\\frac{\\sqrt{3}}{2}');
  check('\\fbox{42} done', 'boxed', '42');
  check('\\boxed 7 is it', 'boxed', '7');
  check('maybe \\boxed{}', 'boxed', null);
  check('\\boxed{3} but wait \\boxed{\\frac{1', 'boxed', null);
  check('no box at all, 12', 'boxed', null);
});

test('auto: Minerva form first, then box, answer phrases, ####, 答案是, last number', () => {
  check('Final Answer: The final answer is $\\frac{1}{2}$. I hope it is correct.', 'auto', '\\frac{1}{2}', 'minerva');
  check('We get \\boxed{5} so the answer is 6', 'auto', '5', 'boxed');
  check('So 3 + 4 = 7. The answer is: 18.', 'auto', '18', 'answer-is');
  check('The answer is $3.5$.\nThanks', 'auto', '3.5', 'answer-is');
  check('blah\nFinal Answer: 42', 'auto', '42', 'final-answer');
  check('step\n#### 1,000', 'auto', '1,000', 'gsm8k');
  check('所以答案是 42。', 'auto', '42', 'answer-is');
  check('He has 3 apples and buys 12.5 more, 15.5 total', 'auto', '15.5', 'last-number');
  // Evidence, not shape: a long sentence with no number has no answer, a short text reply is a text answer, and
  // a short reply in prose still has its number extracted.
  check('I could not find any way to solve this problem today.', 'auto', null);
  check('Nothing numeric here', 'auto', 'Nothing numeric here', 'bare');
  check('so she spent $1,350 in total.', 'auto', '1,350', 'last-number');
  check('Therefore $x \\geq 5$ is the solution.', 'auto', 'x \\geq 5', 'inline-math');
  check('18 dollars', 'auto', '18 dollars', 'bare');
  check('Work: 3 + 4 = 7\n**Answer:** $\\frac{3}{4}$', 'auto', '\\frac{3}{4}', 'answer-label');
  check('Answer: 12 cm', 'auto', '12 cm', 'answer-label');
  check('The answer is \\boxed{\\frac{\\sqrt{3}}{2}}.', 'auto', '\\frac{\\sqrt{3}}{2}', 'boxed');
  check('This output was cut off in the box \\boxed{12', 'auto', null);
});

test('answer-is and gsm8k modes with several candidates take the last', () => {
  check('The answer is 3. Wait, no. The answer is 4.', 'answer-is', '4');
  check('#### 5\n#### 6', 'gsm8k', '6');
  check('The answer is 3', 'gsm8k', null);
  check('a -3.5 then -1/2', 'last-number', '-1/2');
  check('costs 1,234,567 dollars', 'last-number', '1,234,567');
});

test('regex mode: first group, last match; invalid patterns are no answer, not a crash', () => {
  check('x = 12, y=3, y=4', 'regex:y=(\\d+)', '4');
  check('ANSWER: 77', 'regex:ANSWER: \\d+', 'ANSWER: 77');
  assert.deepEqual(extractAnswer('abc', 'regex:(['), { answer: null, mode: 'regex:([' });
  assert.deepEqual(extractAnswer('abc', 'nonsense'), { answer: null, mode: 'nonsense' });
});

test('gold extraction: gsm8k ####, MATH boxed, bare fields', () => {
  assert.equal(extractGold('Janet sells 9 eggs.\n#### 18', 'gsm8k').answer, '18');
  assert.equal(extractGold('so $x=\\boxed{\\dfrac{9}{7}}$.', 'boxed').answer, '\\dfrac{9}{7}');
  assert.equal(extractGold(' 42 ', 'auto').answer, '42');
  assert.equal(extractGold('#### 1,234', 'auto').answer, '1,234');
  assert.equal(extractGold('no box', 'boxed').answer, null);
  assert.equal(extractGold('  $\\frac{1}{2}$ ', 'none').answer, '\\frac{1}{2}');
  assert.equal(extractGold('', 'none').answer, null);
});
