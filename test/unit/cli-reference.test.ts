// The README's CLI reference is generated from the command specs; this fails when someone changes a flag, a
// summary or a help text without regenerating it (node scripts/cli-reference.js), or edits the README by hand.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { commands } from '../../server/src/cli/commands';
import { commandUsage } from '../../server/src/cli/help';
import { cliReference, currentReference, spliceReference } from '../../server/src/cli/reference';
import { repoRoot } from '../helpers/paths';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

test('the CLI reference in README.md is exactly what the command specs generate', () => {
  const current = currentReference(readme);
  assert.notEqual(current, undefined, 'README.md has the cli-reference markers');
  assert.equal(current, cliReference(), 'README.md is stale: run node scripts/cli-reference.js');
  assert.equal(spliceReference(readme, cliReference()).value, readme, 'regenerating changes nothing');
});

test('the reference names every command with its usage line and every long flag', () => {
  const ref = cliReference();
  for (const c of commands) {
    assert.ok(ref.includes(`#### \`passk ${c.name}\``), c.name);
    assert.ok(ref.includes(commandUsage(c)), `${c.name} usage`);
    for (const flag of Object.keys(c.flags)) assert.ok(ref.includes(`--${flag}`), `passk ${c.name} --${flag}`);
  }
});

test('a changed spec or a hand edit is detected', () => {
  const edited = readme.replace('--fail-rate SPEC', '--fail-rate RATE');
  assert.notEqual(edited, readme, 'the sim options are in the README');
  assert.notEqual(currentReference(edited), cliReference());
  assert.equal(spliceReference('no markers here', cliReference()).value, undefined);
});
