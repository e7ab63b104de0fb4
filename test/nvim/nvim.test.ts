// Neovim 0.7 as a real second LSP client: `nvim --headless` starts dist/server.js over stdio on a broken
// recipe and the YAML syntax error must arrive as a diagnostic at its position. Skipped, with a visible
// message, only when nvim is not installed (.ci/run installs it, so CI always runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';
import { ensureServerBuilt } from '../lsp/harness';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) console.log('# SKIP nvim: Neovim is not installed (apt-get install -y neovim); the Neovim LSP check did not run.');

test('Neovim receives the YAML syntax diagnostic from dist/server.js', { skip: hasNvim ? false : 'nvim is not installed' }, () => {
  const server = ensureServerBuilt();
  const dir = path.join(repoRoot, 'test', 'nvim');
  const res = spawnSync('nvim', ['--headless', '-u', 'NONE', '-c', 'luafile check.lua', 'broken.recipe.yaml'], {
    cwd: dir,
    env: { ...process.env, PASSK_SERVER: server },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const output = `${res.stdout}${res.stderr}`;
  assert.equal(res.status, 0, `nvim failed:\n${output}`);
  const diags = output.split('\n').filter((l) => l.startsWith('DIAG '));
  assert.ok(diags.length >= 1, output);
  // The unclosed flow sequence on line 4 is a YAML syntax error (severity 1) reported on that line, with the
  // column Neovim converted from the server's UTF-16 range.
  assert.ok(diags.some((d) => /^DIAG 4:21 sev=1 \[recipe\/yaml-syntax\] YAML syntax error: \S/.test(d)), output);
  assert.match(output, /^SYMBOLS answered$/m);
});
