// The CLI as scripts use it: help in every form from the one declarative spec, usage errors with exit 2,
// short flags, `-` for standard input, a closed pipe (`| head`) ending quietly, no progress off a terminal,
// and colour only on a terminal without NO_COLOR.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commands } from '../../server/src/cli/commands';
import { formatFinding } from '../../server/src/cli/check';
import { colorAllowed } from '../../server/src/cli/main';
import { cliBundle } from './eval-cli-helpers';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-script-'));
});

function run(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd: dir, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('passk with no arguments prints usage on stderr and exits 2; -h, --help and help exit 0 with every command', () => {
  const none = run([]);
  assert.equal(none.code, 2);
  assert.equal(none.out, '');
  assert.match(none.err, /^usage: passk <command>/m);
  for (const form of [['-h'], ['--help'], ['help']]) {
    const r = run(form);
    assert.equal(r.code, 0, form.join(' '));
    for (const c of commands) assert.match(r.out, new RegExp(`^  ${c.name}\\b`, 'm'), `${form.join(' ')} lists ${c.name}`);
    assert.match(r.out, /^Exit codes:/m);
  }
});

test('help CMD, CMD --help and CMD -h print the same help, made from the spec, for every command', () => {
  for (const c of commands) {
    const forms = [run(['help', c.name]), run([c.name, '--help']), run([c.name, '-h'])];
    for (const r of forms) {
      assert.equal(r.code, 0, `${c.name}: ${r.err}`);
      assert.equal(r.out, forms[0]!.out);
    }
    const text = forms[0]!.out;
    assert.ok(text.startsWith(`passk ${c.name} — ${c.summary}\n`), text);
    assert.match(text, new RegExp(`^usage: passk ${c.name}`, 'm'));
    for (const [name, spec] of Object.entries(c.flags)) {
      assert.ok(text.includes(`--${name}`), `${c.name} --help shows --${name}`);
      if (spec.short) assert.ok(text.includes(`-${spec.short}, --${name}`), `${c.name} --help shows -${spec.short}`);
    }
  }
  // --help wins over missing arguments: it is how people find out what the arguments are.
  assert.equal(run(['eval', '--help']).code, 0);
  const unknown = run(['help', 'nope']);
  assert.equal(unknown.code, 2);
});

test('usage mistakes exit 2 with one clear line and the usage, for every kind of mistake', () => {
  const cases: Array<[string[], RegExp]> = [
    [['eval'], /passk eval: expected <recipe>/],
    [['eval', 'a', 'b'], /unexpected argument "b"/],
    [['eval', 'x.recipe.yaml', '--limt', '3'], /unknown option --limt \(did you mean --limit\?\)/],
    [['eval', 'x.recipe.yaml', '-n', 'abc'], /--limit expects a number, got "abc"/],
    [['eval', 'x.recipe.yaml', '-n', '1.5'], /--limit expects a whole number/],
    [['eval', 'x.recipe.yaml', '--limit', '--json'], /--limit needs a value/],
    [['eval', 'x.recipe.yaml', '--json=yes'], /--json takes no value/],
    [['grade', '-p', 'x', '--compare', 'fuzzy'], /--compare must be math, numeric, exact; got "fuzzy"/],
    [['sim', '--port', '70000'], /--port must be at most 65535/],
    [['nope'], /unknown command "nope"/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message, args.join(' '));
    if (args[0] !== 'nope') assert.match(r.err, /usage: passk /);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  // A recipe that cannot be read is a usage error too (2), not a failed run.
  assert.equal(run(['eval', 'missing.recipe.yaml']).code, 2);
});

const pairs = [
  { gold: '#### 18', pred: 'The answer is 18.' },
  { gold: '0.5', pred: '\\frac{1}{2}' },
  { gold: '7', pred: '8' },
];

test('grade --pairs - and score - read standard input; short flags work', () => {
  const g = run(['grade', '-p', '-', '-j'], pairs.map((p) => JSON.stringify(p)).join('\n'));
  assert.equal(g.code, 0, g.err);
  assert.deepEqual(g.out.trim().split('\n').map((l) => (JSON.parse(l) as { equal: boolean }).equal), [true, true, false]);
  const positional = run(['grade', '-'], JSON.stringify(pairs[0]));
  assert.match(positional.out, /1\/1 equal/);
  const samples = ['a', 'a', 'b', 'b'].map((problem, i) => JSON.stringify({ problem, correct: i !== 3 })).join('\n');
  const s = run(['score', '-', '-k', '1,2', '-j'], samples);
  assert.equal(s.code, 0, s.err);
  const summary = JSON.parse(s.out) as { problems: number; passAtK: Record<string, number> };
  assert.equal(summary.problems, 2);
  assert.equal(summary.passAtK['1'], 0.75);
  assert.equal(summary.passAtK['2'], 1);
});

test('a reader that stops early (`passk grade … | head -3`) ends the CLI quietly, without a stack trace', () => {
  const file = path.join(dir, 'many.jsonl');
  fs.writeFileSync(file, Array.from({ length: 20000 }, (_, i) => JSON.stringify({ gold: String(i), pred: String(i) })).join('\n'));
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliBundle()}" grade --pairs "${file}" --json | head -3; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
  assert.equal(r.stdout.trim().split('\n').length, 3);
  assert.doesNotMatch(r.stderr, /EPIPE|Error|\n\s+at /, r.stderr);
  const status = Number(/status (\d+)/.exec(r.stderr)?.[1]);
  assert.ok(status === 0 || status === 141, `exit status ${status}`);
});

test('colour only on a terminal and never with NO_COLOR; check paints only the severity word', () => {
  assert.equal(colorAllowed({}, true), true);
  assert.equal(colorAllowed({ NO_COLOR: '1' }, true), false);
  assert.equal(colorAllowed({ TERM: 'dumb' }, true), false);
  assert.equal(colorAllowed({}, false), false);
  const f = { file: 'a.recipe.yaml', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error' as const, code: 'x/y', message: 'm' };
  assert.equal(formatFinding(f, undefined, false), 'a.recipe.yaml:1:1: error x/y m\n');
  assert.equal(formatFinding(f, undefined, true), 'a.recipe.yaml:1:1: \x1b[31merror\x1b[0m x/y m\n');
  // Through a pipe (not a terminal) the CLI prints no escape sequence at all, whatever NO_COLOR says.
  const recipe = path.join(dir, 'bad.recipe.yaml');
  fs.writeFileSync(recipe, 'passk: 1\nmodels:\n  m: { baseUrl: http://127.0.0.1:9/v1, model: x, concurency: 2 }\n');
  const r = run(['check', recipe]);
  assert.equal(r.code, 1);
  assert.ok(!r.out.includes('\x1b[') && !r.err.includes('\x1b['), JSON.stringify(r.out));
});
