// Names, ids and answers in a run folder or a recipe are a stranger's text. Printed to a terminal as they are,
// escape sequences in them would recolour, move the cursor, clear the screen, or (with bidirectional overrides)
// reorder what the reader sees. The text table and the CLI's problem lines show them as visible escapes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSummaryTable } from '../../server/src/report';
import { terminalText } from '../../server/src/report/format';
import { runCli } from '../cli/eval-cli-helpers';
import { hostileSummary } from './html-corpus';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('terminalText shows every control and direction-override character as a visible escape', () => {
  assert.equal(terminalText('a\u001b[2Jb'), 'a\\u{1b}[2Jb');
  assert.equal(terminalText('x\u202ey'), 'x\\u{202e}y');
  assert.equal(terminalText('tab\tkept'), 'tab\tkept');
  assert.equal(terminalText('line\nbreak\r'), 'line\\u{a}break\\u{d}');
});

test('the text table of a run whose names and ids carry escape sequences prints none of them', () => {
  const s = hostileSummary();
  const evil = '\u001b]0;pwned\u0007\u001b[2J\u202e';
  const table = renderSummaryTable({ ...s, entry: `entry${evil}`, config: { ...s.config, model: { ...s.config.model, name: `m${evil}` } } });
  for (const line of table.split('\n')) assert.doesNotMatch(line, CONTROL, line);
  assert.match(table, /entry\\u\{1b\}\]0;pwned/);
});

test('passk check prints a recipe name holding escape sequences as visible escapes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-term-'));
  try {
    const recipe = path.join(dir, 'evil.recipe.yaml');
    // A model reference to a name that does not exist: the diagnostic quotes the name, escape sequence and all.
    fs.writeFileSync(recipe, 'passk: 1\nevaluate:\n  e:\n    model: "x\\e[2J\\e]0;pwned\\a"\n    dataset: d\n    prompt: p\n');
    const r = await runCli(['check', recipe], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout + r.stderr, /x\\u\{1b\}\[2J/);
    assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[2J/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
