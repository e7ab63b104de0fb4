// The core (everything under server/src but lsp/, cli/ and sim/) must stay editor-independent and silent:
// it takes plain data and returns { value, problems }. This test reads the sources and fails on any import of
// an editor or LSP package, and on console output, so the boundary cannot erode unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';

const root = repoRoot;
const coreRoot = path.join(root, 'server', 'src');
const shell = new Set(['lsp', 'cli', 'sim']);

function coreFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (d === coreRoot && shell.has(e.name)) continue;
        walk(p);
      } else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(coreRoot);
  return out;
}

test('the core has source files to check', () => {
  assert.ok(coreFiles().length > 0);
});

test('no core module imports vscode or the language server, or prints', () => {
  const offenders: string[] = [];
  for (const f of coreFiles()) {
    const src = fs.readFileSync(f, 'utf8');
    if (/from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(src)) offenders.push(`${f}: editor import`);
    if (/\bconsole\.(log|error|warn|info)\(/.test(src)) offenders.push(`${f}: console output`);
    if (/\bprocess\.(stdout|stderr)\b/.test(src)) offenders.push(`${f}: process stream`);
  }
  assert.deepEqual(offenders, []);
});
