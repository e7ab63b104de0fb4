// Regenerates the CLI reference in README.md (between the cli-reference markers) from the commands' own specs
// in server/src/cli, through server/src/cli/reference.ts. `--check` only compares and exits 1 on a difference.
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const readmePath = path.join(root, 'README.md');

function loadReference() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-ref-')), 'reference.js');
  esbuild.buildSync({ entryPoints: [path.join(root, 'server/src/cli/reference.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  try {
    return require(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

const { cliReference, spliceReference } = loadReference();
const readme = fs.readFileSync(readmePath, 'utf8');
const spliced = spliceReference(readme, cliReference());
if (spliced.value === undefined) {
  console.error(`passk cli-reference: ${spliced.problem}`);
  process.exit(2);
}
if (process.argv.includes('--check')) {
  const same = spliced.value === readme;
  console.log(same ? 'passk cli-reference: README.md is up to date' : 'passk cli-reference: README.md differs from the specs; run node scripts/cli-reference.js');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(readmePath, spliced.value);
console.log(spliced.value === readme ? 'passk cli-reference: README.md was already up to date' : 'passk cli-reference: README.md updated');
