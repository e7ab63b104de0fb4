// Runs the test suite with node's built-in runner. Tests are TypeScript; esbuild transpiles each file on its
// own (no bundling, so module boundaries stay real) into out/, then `node --test` runs the suites. Arguments
// narrow the run to folders or files under test/, e.g. `node scripts/test.js unit/answers`.
const esbuild = require('esbuild');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'out');

function tsFiles(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') tsFiles(p, acc);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) acc.push(p);
  }
  return acc;
}

const dirs = ['server/src', 'test', 'bench'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
const files = dirs.flatMap((d) => tsFiles(d)).filter((f) => !f.includes(`${path.sep}e2e${path.sep}suite`));
fs.rmSync(out, { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: files,
  outdir: out,
  outbase: root,
  bundle: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

const args = process.argv.slice(2);
const suites = ['unit', 'grammar', 'cli', 'lsp'];
const targets = (args.length ? args : suites)
  .map((a) => path.join(out, 'test', a.replace(/\.ts$/, '.js')))
  .filter((p) => fs.existsSync(p));
if (targets.length === 0) {
  console.error('passk test: no test files found for', args.join(' ') || suites.join(' '));
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...targets], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
