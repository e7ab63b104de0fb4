// Runs the test suite with node's built-in runner. Tests are TypeScript; esbuild transpiles each file on its
// own (no bundling, so module boundaries stay real) into out/, then `node --test` runs the suites. Arguments
// narrow the run to folders or files under test/, e.g. `node scripts/test.js unit/answers`.
const esbuild = require('esbuild');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// PASSK_TEST_OUT gives one engineer's run its own folder (e.g. node_modules/.cache/passk-test-me), so parallel
// runs in one working tree do not delete each other's transpiled files mid-run.
const out = process.env.PASSK_TEST_OUT ? path.resolve(root, process.env.PASSK_TEST_OUT) : path.join(root, 'out');

function tsFiles(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') tsFiles(p, acc);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) acc.push(p);
  }
  return acc;
}

const dirs = ['server/src', 'client/src', 'test', 'bench'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
const files = dirs.flatMap((d) => tsFiles(d)).filter((f) => !f.includes(`${path.sep}e2e${path.sep}suite`));
fs.rmSync(out, { recursive: true, force: true });
// Each file is transpiled on its own so one broken file (someone's work in progress) cannot hide every other
// suite; a file that fails to transpile is reported and makes the run fail at the end.
let transpileFailures = 0;
for (const file of files) {
  const rel = path.relative(root, file).replace(/\.ts$/, '.js');
  try {
    const res = esbuild.transformSync(fs.readFileSync(file, 'utf8'), {
      loader: 'ts', format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'inline', sourcefile: file,
    });
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.writeFileSync(path.join(out, rel), res.code);
  } catch (e) {
    transpileFailures++;
    console.error(`passk test: cannot transpile ${path.relative(root, file)}: ${e.message}`);
  }
}

const args = process.argv.slice(2);
const suites = ['unit', 'grammar', 'cli', 'lsp', 'nvim', 'security'];
const targets = (args.length ? args : suites)
  .map((a) => path.join(out, 'test', a.replace(/\.ts$/, '.js')))
  .filter((p) => fs.existsSync(p));
if (targets.length === 0) {
  console.error('passk test: no test files found for', args.join(' ') || suites.join(' '));
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...targets], { cwd: root, stdio: 'inherit' });
process.exit(transpileFailures > 0 ? 1 : res.status ?? 1);
