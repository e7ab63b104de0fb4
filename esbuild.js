// Bundles the built entries: the VS Code client; the stdio language server as a small bootstrap (dist/server.js)
// that starts the analysis worker (dist/analysis-worker.js, the recipe core alone) before it loads the server
// itself (dist/language-server.js); and the CLI.
// Everything (including node_modules) is bundled so that the .vsix ships no node_modules folder; only `vscode`
// stays external because the extension host provides it. After bundling, the JSON Schema is generated from the
// same field table the validator uses, so the schema can never drift from the checks.
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/lsp/language-server-main.ts'], outfile: 'dist/language-server.js' },
  { entryPoints: ['server/src/lsp/analysis-worker-main.ts'], outfile: 'dist/analysis-worker.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

function writeSchema() {
  // The CLI carries a `schema` command so the schema comes out of the bundled field table itself.
  const out = execFileSync(process.execPath, [path.join(__dirname, 'dist', 'cli.js'), 'schema'], { encoding: 'utf8' });
  fs.writeFileSync(path.join(__dirname, 'dist', 'recipe.schema.json'), out);
}

async function main() {
  if (watch) {
    for (const e of entries) {
      const ctx = await esbuild.context({ ...common, ...e });
      await ctx.watch();
    }
    return;
  }
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
  writeSchema();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
