// The named baseline of bench/lsp-latency.js: yaml-language-server, the server most editors use for YAML with
// a JSON schema, fed the recipe schema passk ships (dist/recipe.schema.json) for *.recipe.yaml. The benchmark
// installs the exact version below from npm into a cache folder on first use, never into the project's own
// dependencies, so the comparison is reproducible without making the baseline a dependency of the product.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const YAML_LS_VERSION = '1.25.0';
const root = path.join(__dirname, '..', '..');

/** The server script of the cached install, installing it first when it is missing. */
function ensureYamlLanguageServer() {
  const prefix = path.join(root, 'node_modules', '.cache', 'passk-bench', `yaml-language-server-${YAML_LS_VERSION}`);
  const script = path.join(prefix, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  if (!fs.existsSync(script)) {
    fs.mkdirSync(prefix, { recursive: true });
    console.log(`installing yaml-language-server@${YAML_LS_VERSION} into ${path.relative(root, prefix)} (once)`);
    // --ignore-scripts: the package needs no install step, and a benchmark should not run third-party scripts.
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `yaml-language-server@${YAML_LS_VERSION}`], {
      stdio: 'inherit',
    });
  }
  return script;
}

/**
 * The settings yaml-language-server is given: its defaults, plus the recipe schema bound to *.recipe.yaml, which
 * is how a user would configure it. The schema store is switched off because the default fetches a catalogue over
 * the network, which a benchmark must not depend on and which cannot match a *.recipe.yaml file anyway.
 */
function yamlSettings() {
  const schema = pathToFileURL(path.join(root, 'dist', 'recipe.schema.json')).toString();
  return { schemas: { [schema]: '*.recipe.yaml' }, schemaStore: { enable: false } };
}

module.exports = { YAML_LS_VERSION, ensureYamlLanguageServer, yamlSettings };
