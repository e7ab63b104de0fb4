// Corpus validity: every attempt of the escape corpus really escapes when plain nunjucks renders it (the
// renderer passk used before), so the security tests that see no marker prove a guard, not a broken payload.
// nunjucks runs in a child process of its own, which is what the attempts then take over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';
import { attemptTemplate, ESCAPES, EVAL_VARS, forSeed, markerName } from './template-escapes';

function renderWithNunjucks(templates: { name: string; template: string }[], vars: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-nunjucks-'));
  const script = path.join(dir, 'render.js');
  fs.writeFileSync(path.join(dir, 'input.json'), JSON.stringify({ templates, vars }));
  fs.writeFileSync(script, `
const fs = require('fs');
const nunjucks = require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'nunjucks'))});
const { templates, vars } = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(dir, 'input.json'))}, 'utf8'));
for (const t of templates) {
  try { new nunjucks.Environment().renderString(t.template, vars); } catch (e) { console.error(t.name + ': ' + e.message); }
}
`);
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  fs.rmSync(dir, { recursive: true, force: true });
  return r.stderr;
}

test('corpus validity: each of the escape attempts writes its marker when plain nunjucks renders it', () => {
  assert.ok(ESCAPES.length >= 30, `${ESCAPES.length} attempts`);
  assert.equal(new Set(ESCAPES.map((a) => a.name)).size, ESCAPES.length, 'attempt names are unique');
  const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-markers-'));
  try {
    const errors = renderWithNunjucks(ESCAPES.map((a) => ({ name: a.name, template: attemptTemplate(a, path.join(markers, markerName(a))) })), EVAL_VARS);
    const missing = ESCAPES.filter((a) => !fs.existsSync(path.join(markers, markerName(a)))).map((a) => a.name);
    assert.deepEqual(missing, [], `attempts that did not escape nunjucks:\n${errors}`);
    assert.match(fs.readFileSync(path.join(markers, markerName(ESCAPES[0]!)), 'utf8'), /^escaped \d+$/, 'the payload read the environment');
  } finally {
    fs.rmSync(markers, { recursive: true, force: true });
  }
});

test('corpus validity: the synthesis form of each attempt (variables from seed) escapes nunjucks too', () => {
  const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-markers-'));
  try {
    const seed = { question: EVAL_VARS.question, answer: '42', row: EVAL_VARS.row };
    const errors = renderWithNunjucks(ESCAPES.map((a) => ({ name: a.name, template: forSeed(attemptTemplate(a, path.join(markers, markerName(a)))) })), { seed });
    const missing = ESCAPES.filter((a) => !fs.existsSync(path.join(markers, markerName(a)))).map((a) => a.name);
    assert.deepEqual(missing, [], `attempts that did not escape nunjucks:\n${errors}`);
  } finally {
    fs.rmSync(markers, { recursive: true, force: true });
  }
});
