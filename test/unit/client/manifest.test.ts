// The manifest as a user of the .vsix meets it: every walkthrough step has a button that runs a contributed
// command and is ticked by running it, its media file ships, recipes get editor defaults, the package names
// its repository, and no inert schema association is contributed (recipes are not YAML to VS Code).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../helpers/paths';

interface Step {
  id: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));

test('every walkthrough step links a contributed command and is completed by running it', () => {
  const steps = pkg.contributes.walkthroughs[0].steps as Step[];
  assert.deepEqual(steps.map((s) => s.id), ['create', 'check', 'preview', 'simulator', 'run', 'report', 'terminal']);
  for (const s of steps) {
    const links = [...s.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
    assert.equal(links.length, 1, `${s.id} has one command button`);
    assert.ok(contributed.has(links[0]!), `${s.id}: ${links[0]} is contributed`);
    assert.deepEqual(s.completionEvents, [`onCommand:${links[0]}`], `${s.id} is ticked by its own command`);
    assert.ok(s.media.markdown && fs.existsSync(path.join(repoRoot, s.media.markdown)), `${s.id} media exists`);
  }
  assert.doesNotMatch(JSON.stringify(steps), /in a terminal and point/, 'no step asks for a passk on PATH');
});

test('the new commands are contributed, the runs and the CLI terminal only in trusted workspaces', () => {
  for (const id of ['passk.createExampleWorkspace', 'passk.startSimulator', 'passk.stopSimulator', 'passk.openTerminal']) assert.ok(contributed.has(id), id);
  const enablement = (id: string) => pkg.contributes.commands.find((c: { command: string }) => c.command === id).enablement;
  assert.equal(enablement('passk.openTerminal'), 'isWorkspaceTrusted');
  assert.equal(enablement('passk.runEvaluation'), 'isWorkspaceTrusted');
  assert.equal(pkg.contributes.configuration.properties['passk.simulator.port'].default, 8787);
});

test('packaging conventions: repository, bugs, homepage, keywords, recipe editor defaults, no yamlValidation', () => {
  assert.equal(pkg.repository.url, 'https://github.com/passk-dev/passk.git');
  assert.match(pkg.bugs.url, /^https:\/\/github\.com\/passk-dev\/passk\/issues$/);
  assert.match(pkg.homepage, /^https:\/\/github\.com\/passk-dev\/passk/);
  assert.ok(pkg.keywords.length >= 5);
  const defaults = pkg.contributes.configurationDefaults['[passk-recipe]'];
  assert.equal(defaults['editor.tabSize'], 2);
  assert.equal(defaults['editor.insertSpaces'], true);
  assert.equal(pkg.contributes.yamlValidation, undefined);
  assert.equal(pkg.dependencies, undefined, 'the bundles in dist/ carry every runtime library, so npm installs none');
  assert.ok(fs.existsSync(path.join(repoRoot, 'CHANGELOG.md')));
});
