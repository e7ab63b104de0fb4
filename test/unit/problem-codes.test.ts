// Problem codes form a closed set (server/src/problems/problem-codes.ts). The compiler holds every Problem to it;
// this test also catches codes that only appear as strings (a comparison such as `p.code === 'eval/io'`, a
// code in a test's expectation of server output), and keeps docs/problem-codes.md, which the .vsix ships and
// every diagnostic links to, generated from the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProblemCode, PROBLEM_CODES, problemCodeAnchor } from '../../server/src/problems/problem-codes';
import { repoRoot } from '../helpers/paths';

const groups = [...new Set(Object.keys(PROBLEM_CODES).map((c) => c.split('/')[0]!))];
/** A quoted code of a registered group, or any quoted string right after `code:` / `code ===`. */
const codeLiteral = new RegExp(`['"\`]((?:${groups.join('|')})/[a-z0-9]+(?:-[a-z0-9]+)*)['"\`]|code(?::|\\s*[!=]==)\\s*['"\`]([a-z]+/[a-z0-9-]+)['"\`]`, 'g');

function sources(dir: string, acc: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') sources(p, acc);
    } else if (e.name.endsWith('.ts')) acc.push(p);
  }
  return acc;
}

test('every problem code the sources and tests mention is registered', () => {
  const unknown: string[] = [];
  let seen = 0;
  for (const file of [...sources(path.join(repoRoot, 'server', 'src')), ...sources(path.join(repoRoot, 'test'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(codeLiteral)) {
      const code = m[1] ?? m[2]!;
      // Protocol methods share the slash but are not problem codes; `x/y` is a placeholder in a formatting test.
      if (code.startsWith('passk/') || code === 'x/y') continue;
      seen++;
      if (!isProblemCode(code)) unknown.push(`${path.relative(repoRoot, file)}: ${code}`);
    }
  }
  assert.ok(seen > 100, `the scan found ${seen} code mentions`);
  assert.deepEqual(unknown, []);
});

test('every registered code is documented, and docs/problem-codes.md is generated from the registry', () => {
  for (const [code, doc] of Object.entries(PROBLEM_CODES)) {
    assert.ok(doc.meaning.length > 20, `${code} has a meaning`);
    assert.ok(/^(error|warning|information|hint)( \/ (error|warning|information|hint))?$/.test(doc.severity), `${code}: severity ${doc.severity}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { render, target } = require(path.join(repoRoot, 'scripts', 'problem-docs.js')) as { render(): string; target: string };
  const doc = fs.readFileSync(target, 'utf8');
  assert.equal(doc, render(), 'docs/problem-codes.md is stale: run node scripts/problem-docs.js');
  for (const code of Object.keys(PROBLEM_CODES)) assert.ok(doc.includes(`<a id="${problemCodeAnchor(code)}"></a>`), `${code} has an anchor`);
});

test('the .vsix ships the problem-code reference the diagnostics link to', () => {
  const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!docs/problem-codes.md'));
  const pack = fs.readFileSync(path.join(repoRoot, 'scripts', 'package.js'), 'utf8');
  assert.match(pack, /'extension\/docs\/problem-codes\.md'/, 'the package check requires it');
});
