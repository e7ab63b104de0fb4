// Diagnostics and quick fixes over real stdio: exact ranges, stable codes with documentation links, related
// information, the "did you mean" and "add missing key" code actions, and debounced publishing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/paths';
import { LspClient, messageText, positionOf, rangeOf } from './harness';
import { applyEdits, DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;
let n = 0;

before(async () => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
});
after(async () => {
  await client.stop();
  ws.remove();
});

async function diagnose(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = ws.uri(`d${n++}.recipe.yaml`);
  client.open(uri, text);
  const p = await client.waitForDiagnostics(uri);
  return { uri, diagnostics: p.diagnostics };
}

async function actions(uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
}

test('an undefined reference: exact range, code, docs link, severity, version', async () => {
  const text = DEMO_RECIPE.replace('model: student', 'model: studnet');
  const { uri, diagnostics } = await diagnose(text);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const d = diagnostics[0]!;
  assert.deepEqual(d.range, rangeOf(text, 'studnet'));
  assert.equal(d.severity, 1);
  assert.equal(d.source, 'passk');
  assert.equal(typeof d.code, 'string');
  assert.match(messageText(d), /Did you mean "student"\?/);
  // The link opens this code's own section of the problem-code reference, which the .vsix ships.
  assert.equal(d.codeDescription!.href, `${pathToFileURL(path.join(repoRoot, 'docs', 'problem-codes.md')).toString()}#${String(d.code).replace('/', '-')}`);
  const reference = fs.readFileSync(path.join(repoRoot, 'docs', 'problem-codes.md'), 'utf8');
  assert.ok(reference.includes(`<a id="${String(d.code).replace('/', '-')}"></a>\n\n### \`${String(d.code)}\``), `docs/problem-codes.md documents ${String(d.code)} at its anchor`);
  assert.equal(client.published.filter((p) => p.uri === uri).at(-1)!.version, 1);
});

test('quick fix "did you mean" replaces the misspelt name', async () => {
  const text = DEMO_RECIPE.replace('model: student', 'model: studnet');
  const { uri, diagnostics } = await diagnose(text);
  const acts = await actions(uri, diagnostics[0]!);
  assert.equal(acts.length, 1);
  assert.equal(acts[0]!.title, 'Change to "student"');
  assert.equal(acts[0]!.kind, 'quickfix');
  assert.equal(acts[0]!.isPreferred, true);
  assert.deepEqual(acts[0]!.edit!.changes![uri], [{ range: rangeOf(text, 'studnet'), newText: 'student' }]);
  assert.equal(applyEdits(text, acts[0]!.edit!.changes![uri]!), DEMO_RECIPE);
});

test('quick fix for a misspelt key, keeping quotes the user wrote', async () => {
  const text = DEMO_RECIPE.replace('    temperature: 0.7', '    "temperatur": 0.7');
  const { uri, diagnostics } = await diagnose(text);
  const d = diagnostics.find((x) => x.code === 'recipe/unknown-key')!;
  assert.ok(d, JSON.stringify(diagnostics));
  const [fix] = await actions(uri, d);
  assert.equal(applyEdits(text, fix!.edit!.changes![uri]!), DEMO_RECIPE.replace('    temperature: 0.7', '    "temperature": 0.7'));
});

test('quick fix "add missing key" in a block mapping, indented like its siblings', async () => {
  const text = DEMO_RECIPE.replace('    question: question\n', '');
  const { uri, diagnostics } = await diagnose(text);
  const d = diagnostics.find((x) => x.code === 'recipe/missing-key')!;
  assert.ok(d, JSON.stringify(diagnostics));
  assert.deepEqual(d.range, { start: positionOf(text, 'tiny:'), end: positionOf(text, 'tiny:', 0, 4) });
  const [fix] = await actions(uri, d);
  assert.equal(fix!.title, 'Add missing key "question"');
  const fixed = applyEdits(text, fix!.edit!.changes![uri]!);
  assert.equal(fixed, DEMO_RECIPE.replace('  tiny:\n    path: tiny.jsonl\n    question: question\n', '  tiny:\n    question:\n    path: tiny.jsonl\n'));
});

test('quick fix "add missing key" in a flow mapping and at the top level', async () => {
  const text = DEMO_RECIPE.replace('answer: { field: answer, extract: gsm8k }', 'answer: { extract: gsm8k }');
  const { uri, diagnostics } = await diagnose(text);
  const d = diagnostics.find((x) => x.code === 'recipe/missing-key')!;
  const [fix] = await actions(uri, d);
  assert.equal(applyEdits(text, fix!.edit!.changes![uri]!), DEMO_RECIPE.replace('answer: { field: answer, extract: gsm8k }', 'answer: { extract: gsm8k, field: }'));

  const noVersion = DEMO_RECIPE.replace('passk: 1\n', '');
  const top = await diagnose(noVersion);
  const dv = top.diagnostics.find((x) => x.code === 'recipe/missing-key')!;
  assert.ok(dv, JSON.stringify(top.diagnostics));
  const [fv] = await actions(top.uri, dv);
  assert.equal(applyEdits(noVersion, fv!.edit!.changes![top.uri]!), DEMO_RECIPE);
});

test('a duplicate key carries related information pointing at the first one', async () => {
  const text = DEMO_RECIPE.replace('    samples: 4\n', '    samples: 4\n    samples: 8\n');
  const { uri, diagnostics } = await diagnose(text);
  const d = diagnostics.find((x) => x.code === 'recipe/duplicate-key')!;
  assert.ok(d, JSON.stringify(diagnostics));
  assert.deepEqual(d.range, rangeOf(text, 'samples', 1));
  assert.deepEqual(d.relatedInformation, [{ location: { uri, range: rangeOf(text, 'samples', 0) }, message: '"samples" is first defined here.' }]);
});

test('UTF-16 columns and CRLF: a value after an astral character is positioned in code units', async () => {
  const text = DEMO_RECIPE.replace('    k: [1, 2]\n', "    k: [1, 2]\n    grader: { extract: 'regex:🧮(x)', compare: mat }\n");
  const { diagnostics } = await diagnose(text);
  const expected = rangeOf(text, 'mat }');
  expected.end.character -= 2;
  assert.deepEqual(diagnostics.map((d) => d.range), [expected], JSON.stringify(diagnostics));
  // The same recipe with Windows line endings gives the same positions.
  const r = await diagnose(text.replace(/\n/g, '\r\n'));
  assert.deepEqual(r.diagnostics.map((d) => d.range), [expected]);
});

test('fixing the problem clears the diagnostics with the next version', async () => {
  const text = DEMO_RECIPE.replace('model: student', 'model: studnet');
  const { uri } = await diagnose(text);
  const since = client.published.length;
  const v = client.change(uri, [{ range: rangeOf(text, 'studnet'), text: 'student' }]);
  const p = await client.waitForDiagnostics(uri, (x) => x.version === v, { since });
  assert.deepEqual(p.diagnostics, []);
});

test('an idle document publishes at once; edits within the delay from initializationOptions wait until typing pauses', async () => {
  const slow = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 400 } });
  try {
    const uri = ws.uri('debounced.recipe.yaml');
    slow.open(uri, DEMO_RECIPE);
    const opened = await slow.waitForDiagnostics(uri);
    // Typing: five edits 50 ms apart, each within the delay of the one before.
    let last = 0;
    let lastSentAt = 0;
    for (let i = 1; i <= 5; i++) {
      last = slow.change(uri, DEMO_RECIPE.replace('model: student', `model: student${i}`));
      lastSentAt = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const final = await slow.waitForDiagnostics(uri, (p) => p.version === last);
    assert.ok(Date.now() - lastSentAt >= 380, `the last edit published ${Date.now() - lastSentAt} ms after it was sent`);
    const versions = slow.published.filter((p) => p.uri === uri).map((p) => p.version);
    // The first edit may count as a pause (when the open took longer than the delay to analyse) and publish at
    // once; the edits typed after it are coalesced into the last one.
    assert.equal(versions[0], opened.version);
    assert.equal(versions.at(-1), last);
    assert.deepEqual(versions.filter((v) => v !== undefined && v > (opened.version ?? 0) + 1 && v < last), [], `published versions ${versions.join(', ')}`);
    assert.equal(final.diagnostics.length, 1);
  } finally {
    await slow.stop();
  }
});

test('a large recipe with a YAML syntax error publishes that error first, then the full set for the same version', async () => {
  // Over a thousand lines, so the server sends the syntax problems before the recipe checks finish.
  const entries = Array.from({ length: 250 }, (_, i) => `  big${i}:\n    model: ${i === 0 ? 'studnet' : 'student'}\n    dataset: tiny\n    prompt: cot\n`).join('');
  const text = `${DEMO_RECIPE.trimEnd()}\n${entries}  broken: "unterminated\n`;
  assert.ok(text.split('\n').length > 1000);
  const uri = ws.uri(`d${n++}.recipe.yaml`);
  const since = client.published.length;
  client.open(uri, text);
  const full = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => !String(d.code).startsWith('recipe/yaml-')), { since });
  const sets = client.published.slice(since).filter((p) => p.uri === uri);
  assert.equal(sets.length, 2, JSON.stringify(sets.map((p) => p.diagnostics.map((d) => d.code))));
  const [early] = sets;
  assert.equal(early!.version, full.version);
  assert.ok(early!.diagnostics.length > 0 && early!.diagnostics.every((d) => String(d.code).startsWith('recipe/yaml-')), JSON.stringify(early!.diagnostics));
  // The full set keeps the syntax error and adds what the recipe checks found (the misspelt model).
  assert.ok(full.diagnostics.some((d) => d.code === early!.diagnostics[0]!.code));
  assert.ok(full.diagnostics.some((d) => messageText(d).includes('studnet')), JSON.stringify(full.diagnostics));
});
