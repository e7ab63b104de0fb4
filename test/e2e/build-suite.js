// Bundles the extension tests (test/e2e/suite/*.ts) into one CommonJS file for the extension host, with
// `vscode` left external because the host provides it. Output goes to the ignored test-results/ folder.
const esbuild = require('esbuild');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

async function buildSuite(outDir = path.join(root, 'test-results', 'e2e', 'suite')) {
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildSuite };
