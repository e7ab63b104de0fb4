// `npm run package`: builds the production bundles and packs them into a .vsix with @vscode/vsce, then opens
// the archive and checks that it holds only what runs (no sources, maps or node_modules) and fits the 5 MB
// budget. The e2e suite installs this very file into code-server, so what is tested is what ships.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..');
const budgetBytes = 5 * 1024 * 1024;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const repoWeb = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const outFile = path.resolve(root, process.env.PASSK_VSIX || `${pkg.name}-${pkg.version}.vsix`);

/** Lists the entries of a zip archive from its central directory (enough for a .vsix; no zip64). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, method: buf.readUInt16LE(p + 10), packed: buf.readUInt32LE(p + 20), offset: buf.readUInt32LE(p + 42) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The text of one stored or deflated entry of a zip archive. */
function zipText(file, name) {
  const buf = fs.readFileSync(file);
  const e = zipEntries(file).find((x) => x.name === name);
  if (!e) throw new Error(`${file} has no ${name}`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.packed);
  return (e.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
}

/** Every path in the package must match one of these; anything else is a packaging mistake. */
const allowed = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|README)\.md$/,
  /^extension\/(LICENSE|license)(\.md|\.txt)?$/,
  /^extension\/dist\/(extension|server|language-server|analysis-worker|cli)\.js$/,
  /^extension\/dist\/recipe\.schema\.json$/,
  /^extension\/dist\/(extension|server|language-server|analysis-worker|cli)\.js\.LEGAL\.txt$/,
  /^extension\/docs\/problem-codes\.md$/,
  /^extension\/syntaxes\/[\w.-]+\.json$/,
  /^extension\/media\/[\w./-]+\.(png|md|svg)$/,
  /^extension\/(changelog|CHANGELOG)\.md$/,
  // The example workspace: recipes, a README, the dataset slices with their licences and provenance.
  /^extension\/starter\/[\w.-]+\.(yaml|md)$/,
  /^extension\/starter\/data\/[\w./-]+\.(jsonl|md)$/,
  /^extension\/starter\/data\/[\w-]+\/LICENSE(\.[\w-]+)?$/,
];

function main() {
  console.log('passk package: production build…');
  execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'inherit' });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // Relative links of the README (docs/…, examples/) point nowhere inside the package, so vsce rewrites them to
  // the repository's files on GitHub.
  const base = ['--baseContentUrl', `${repoWeb}/blob/main`, '--baseImagesUrl', `${repoWeb}/raw/main`];
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', ...base, '--out', outFile], {
    cwd: root,
    stdio: 'inherit',
  });
  const entries = zipEntries(outFile);
  const stray = entries.filter((e) => !allowed.some((re) => re.test(e.name)));
  const required = ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/analysis-worker.js', 'extension/dist/language-server.js', 'extension/dist/cli.js', 'extension/dist/recipe.schema.json', 'extension/docs/problem-codes.md', 'extension/syntaxes/passk-recipe.tmLanguage.json', 'extension/syntaxes/language-configuration.json', 'extension/package.json', 'extension/starter/gsm8k-sim.recipe.yaml', 'extension/starter/data/PROVENANCE.md', 'extension/starter/data/gsm8k/LICENSE'];
  const missing = required.filter((r) => !entries.some((e) => e.name === r));
  const size = fs.statSync(outFile).size;
  const unpacked = entries.reduce((s, e) => s + e.size, 0);
  console.log(`passk package: ${path.relative(root, outFile)} — ${entries.length} files, ${(size / 1024).toFixed(0)} KiB packed (${(unpacked / 1024).toFixed(0)} KiB unpacked), budget ${(budgetBytes / 1024 / 1024).toFixed(0)} MiB (${((size / budgetBytes) * 100).toFixed(1)}% used)`);
  for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
  let failed = false;
  if (stray.length) {
    console.error(`passk package: files that should not ship: ${stray.map((e) => e.name).join(', ')}`);
    failed = true;
  }
  if (missing.length) {
    console.error(`passk package: missing from the package: ${missing.join(', ')}`);
    failed = true;
  }
  if (size > budgetBytes) {
    console.error(`passk package: ${size} bytes is over the ${budgetBytes}-byte budget`);
    failed = true;
  }
  // Every link of the packaged README must be absolute: the Marketplace and the Extensions view show it with no
  // repository beside it.
  const readme = zipText(outFile, 'extension/readme.md');
  const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^(https?:|mailto:|#)/.test(href));
  if (relative.length) {
    console.error(`passk package: the packaged README still has relative links: ${relative.join(', ')}`);
    failed = true;
  }
  // A rebuilt dev bundle keeps linked source maps out of the package but must not keep a dangling
  // sourceMappingURL either; the production build has none, which this asserts.
  const ext = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
  if (/sourceMappingURL=/.test(ext)) {
    console.error('passk package: dist/extension.js still points at a source map; the production build should not');
    failed = true;
  }
  process.exit(failed ? 1 : 0);
}

try {
  main();
} catch (e) {
  // The failing step (esbuild or vsce) already printed its own error above.
  console.error(`passk package: ${e.message.split('\n')[0]}`);
  process.exit(1);
}
