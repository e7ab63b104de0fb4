import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCli, runCli } from '../helpers/cli';

const run = runCli;

let dir = '';
before(() => {
  ensureCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-grade-'));
});

test('grade --json prints {"equal","extracted"} per readable line and positions bad lines', () => {
  const file = path.join(dir, 'pairs.jsonl');
  fs.writeFileSync(
    file,
    [
      JSON.stringify({ gold: 'Janet sells 9 eggs.\n#### 18', pred: '18.0' }),
      JSON.stringify({ gold: '\\frac{5}{12}', pred: 'First 10/24 of it.\nSo the answer is $\\frac{10}{24}$.' }),
      'this is not json',
      JSON.stringify({ gold: '3', pred: null }),
      JSON.stringify({ gold: 'x^2+2x+1', pred: 'Expanding, \\boxed{(x+1)^2}' }),
      JSON.stringify({ pred: '1' }),
      JSON.stringify({ gold: '\\frac{1}{3}', pred: '0.3333' }),
    ].join('\n') + '\n',
  );
  const r = run(['grade', '--pairs', 'pairs.jsonl', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    { equal: true, extracted: '18.0', line: 1 },
    { equal: true, extracted: '\\frac{10}{24}', line: 2 },
    { equal: false, extracted: null, line: 4 },
    { equal: true, extracted: '(x+1)^2', line: 5 },
    { equal: false, extracted: '0.3333', line: 7 },
  ]);
  assert.match(r.err, /pairs\.jsonl:3: not valid JSON/);
  assert.match(r.err, /pairs\.jsonl:6: "gold" must be/);
});

test('grade without --json prints a readable table with a total', () => {
  const file = path.join(dir, 'table.jsonl');
  fs.writeFileSync(file, [JSON.stringify({ gold: '45', pred: '\\$45' }), JSON.stringify({ gold: '45', pred: '54' })].join('\n'));
  const r = run(['grade', '--pairs', file], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /line\s+equal\s+gold\s+extracted/);
  assert.match(r.out, /1\s+yes\s+45\s+\\\$45/);
  assert.match(r.out, /2\s+no\s+45\s+54/);
  assert.match(r.out, /1\/2 equal/);
});

test('grade extracts by evidence, as eval does: short prose replies, inline math, several boxes for a several-part gold', () => {
  const file = path.join(dir, 'evidence.jsonl');
  fs.writeFileSync(
    file,
    [
      JSON.stringify({ gold: '1350', pred: 'First the shoes, then the coat, so she spent $1,350 in total.' }),
      JSON.stringify({ gold: '42', pred: 'We add 40 and 2, finally 42 apples' }),
      JSON.stringify({ gold: 'x \\geq 5', pred: 'Therefore $x \\ge 5$ is the solution.' }),
      JSON.stringify({ gold: '(2, 2), (6, 2)', pred: 'The solutions are \\boxed{(2, 2)} and \\boxed{(6, 2)}.' }),
      JSON.stringify({ gold: '2', pred: 'First \\boxed{2}, then corrected: \\boxed{3}' }),
      JSON.stringify({ gold: '12', pred: '12 cm' }),
    ].join('\n') + '\n',
  );
  const r = run(['grade', '--pairs', 'evidence.jsonl', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trim().split('\n').map((l) => JSON.parse(l)), [
    { equal: true, extracted: '1,350', line: 1 },
    { equal: true, extracted: '42', line: 2 },
    { equal: true, extracted: 'x \\ge 5', line: 3 },
    { equal: true, extracted: '(2, 2), (6, 2)', line: 4 },
    { equal: false, extracted: '3', line: 5 },
    { equal: true, extracted: '12 cm', line: 6 },
  ]);
});

test('grade exits non-zero only when nothing was readable, and on a missing file', () => {
  const file = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(file, 'nope\n[1,2]\n');
  const r = run(['grade', '--pairs', file, '--json'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /bad\.jsonl:1:.*\n.*bad\.jsonl:2: expected a JSON object/);
  const missing = run(['grade', '--pairs', 'nowhere.jsonl'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read nowhere\.jsonl: no such file/);
  const badFlag = run(['grade', '--pairs', file, '--compare', 'fuzzy'], dir);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.err, /--compare must be/);
});
