// `passk check` end to end: the CLI bundle runs as a child process on recipes written to a temp folder, and
// the tests read its exact output and exit code (README, "The CLI": exit 1 on errors, compiler-style lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { underline } from '../../server/src/cli/check';
import { cliBundle } from './eval-cli-helpers';

const TINY = '{"question": "What is 6 times 7?", "answer": "#### 42"}\n{"question": "What is 1 + 1?", "answer": "#### 2"}\n';

const CLEAN = `passk: 1
models:
  m:
    baseUrl: http://127.0.0.1:9/v1
    model: small
datasets:
  tiny:
    path: tiny.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  p: "Solve: {{ question }}"
evaluate:
  e:
    model: m
    dataset: tiny
    prompt: p
`;

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-check-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function check(dir: string, ...args: string[]) {
  const res = spawnSync(process.execPath, [cliBundle(), 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

test('a clean recipe: no findings, summary, exit 0', () => {
  const dir = folder({ 'tiny.jsonl': TINY, 'ok.recipe.yaml': CLEAN });
  const r = check(dir, 'ok.recipe.yaml');
  assert.equal(r.err, '');
  assert.equal(r.out, 'passk check: no problems in 1 recipe.\n');
  assert.equal(r.code, 0);
});

test('errors print file:line:col, the source line with a caret and tildes, and exit 1', () => {
  const text = CLEAN.replace('    model: m\n', '    model: mm\n').replace('    model: small\n', '    model: small\n    colour: red\n');
  const dir = folder({ 'tiny.jsonl': TINY, 'bad.recipe.yaml': text });
  const r = check(dir, 'bad.recipe.yaml');
  assert.equal(r.code, 1, r.out + r.err);
  const lines = r.out.split('\n');
  const unknownAt = lines.findIndex((l) => l.startsWith('bad.recipe.yaml:6:5: error recipe/unknown-key '));
  assert.ok(unknownAt >= 0, r.out);
  assert.equal(lines[unknownAt + 1], '      colour: red');
  assert.equal(lines[unknownAt + 2], '      ^~~~~~');
  const refAt = lines.findIndex((l) => l.startsWith('bad.recipe.yaml:16:12: error recipe/'));
  assert.ok(refAt >= 0, r.out);
  assert.match(lines[refAt]!, /"mm"/);
  assert.equal(lines[refAt + 1], '      model: mm');
  assert.equal(lines[refAt + 2], '             ^~');
  assert.match(lines[lines.length - 2]!, /^passk check: 2 errors, 0 warnings in 1 recipe\.$/);
});

test('--json prints every finding with 1-based positions and an exclusive end column', () => {
  const text = CLEAN.replace('    model: small\n', '    model: small\n    colour: red\n');
  const dir = folder({ 'tiny.jsonl': TINY, 'bad.recipe.yaml': text });
  const r = check(dir, 'bad.recipe.yaml', '--json');
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.equal(findings.length, 1);
  const { message, ...rest } = findings[0]!;
  assert.deepEqual(rest, { file: 'bad.recipe.yaml', line: 6, column: 5, endLine: 6, endColumn: 11, severity: 'error', code: 'recipe/unknown-key' });
  assert.match(String(message), /^"colour" is not a known key/);
});

test('warnings alone exit 0; a problem in the dataset file is reported at the recipe path', () => {
  const dir = folder({ 'tiny.jsonl': `${TINY}not json\n`, 'warn.recipe.yaml': CLEAN });
  const r = check(dir, 'warn.recipe.yaml', '--json');
  assert.equal(r.code, 0, r.out + r.err);
  const findings = JSON.parse(r.out) as Array<{ code: string; severity: string; line: number; column: number }>;
  assert.deepEqual(findings.map((f) => [f.code, f.severity, f.line, f.column]), [['recipe/dataset-bad-json', 'warning', 8, 11]]);
  // The text form adds a note pointing at the broken line of the dataset itself.
  const text = check(dir, 'warn.recipe.yaml');
  assert.match(text.out, /^tiny\.jsonl:3:1: note Line 3 is not valid JSON/m);
});

test('several recipes are checked together; a missing one is a clear error and exit 2', () => {
  const dir = folder({ 'tiny.jsonl': TINY, 'a.recipe.yaml': CLEAN, 'b.recipe.yaml': CLEAN.replace('passk: 1', 'passk: 1\nbogus: 1') });
  const both = check(dir, 'a.recipe.yaml', 'b.recipe.yaml');
  assert.equal(both.code, 1);
  assert.match(both.out, /^b\.recipe\.yaml:2:1: error recipe\/unknown-key /m);
  assert.match(both.out, /in 2 recipes\.\n$/);
  const missing = check(dir, 'a.recipe.yaml', 'nope.recipe.yaml');
  assert.equal(missing.code, 2);
  assert.equal(missing.err, 'passk check: cannot read recipe nope.recipe.yaml: no such file.\n');
  assert.equal(missing.out, 'passk check: no problems in 1 recipe.\n');
  const none = check(dir);
  assert.equal(none.code, 2);
  assert.match(none.err, /name at least one recipe file/);
});

test('a YAML syntax error is positioned, not a crash', () => {
  const dir = folder({ 'broken.recipe.yaml': 'passk: 1\nmodels:\n  m: [unclosed\n' });
  const r = check(dir, 'broken.recipe.yaml', '--json');
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.out) as Array<{ code: string; line: number }>;
  assert.ok(findings.some((f) => f.code === 'recipe/yaml-syntax' && f.line >= 3), r.out);
});

test('underline keeps tabs, marks the span and stops at the end of the line for multi-line spans', () => {
  assert.equal(underline('\tkey: value', 7, 1, 1, 12), '  \tkey: value\n  \t     ^~~~~\n');
  assert.equal(underline('abc', 2, 3, 1, 1), '  abc\n   ^~\n');
  assert.equal(underline('', 1, 1, 1, 1), '  \n  ^\n');
});
