// `npm run bench`: runs every bench/*.js file in turn (sorted by name), each in its own node process so one
// benchmark's warm caches or leftover timers cannot flatter the next. Each benchmark prints its own figures and
// ratios against its named baseline; this runner only reports which ones failed and exits non-zero if any did.
// Arguments narrow the run to benchmarks whose file name contains one of them: `node scripts/bench.js lsp`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const benchDir = path.join(root, 'bench');
const filters = process.argv.slice(2);
const files = (fs.existsSync(benchDir) ? fs.readdirSync(benchDir) : [])
  .filter((f) => f.endsWith('.js'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('passk bench: no benchmark files found in bench/');
  process.exit(1);
}
const failed = [];
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const res = spawnSync(process.execPath, [path.join(benchDir, f)], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) failed.push(f);
}
console.log(`\npassk bench: ${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
