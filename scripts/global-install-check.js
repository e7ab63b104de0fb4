// The CLI on PATH as a user gets it: builds the production bundles, packs the npm package with `npm pack`,
// installs the tarball globally into an empty temporary prefix with `npm install -g --offline` (the bundle in
// dist/ has no runtime dependencies, so nothing may be downloaded), then runs the installed `passk` through a
// shell whose PATH has only that prefix's bin/ and the system folders: --version, --help (which must list
// every command, `schema` included), `check` and `eval` of a starter recipe against `passk sim`.
// Run by .ci/run; prints each step so the CI log is the proof. Exit 0 when everything passed.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-global-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failed = 0;

function step(name, fn) {
  try {
    const note = fn();
    console.log(`passk global-install: ok   ${name}${note ? ` — ${note}` : ''}`);
  } catch (e) {
    failed++;
    console.error(`passk global-install: FAIL ${name}: ${e.message}`);
  }
}

/** Every path in the tarball must match one of these: the CLI, its licences, the schema and the starter files. */
const allowed = [
  /^package\/package\.json$/,
  /^package\/(README|CHANGELOG)\.md$/,
  /^package\/LICENSE$/,
  /^package\/dist\/cli\.js(\.LEGAL\.txt)?$/,
  /^package\/dist\/recipe\.schema\.json$/,
  /^package\/starter\/[\w./-]+$/,
];

async function main() {
  console.log(`passk global-install: node ${process.version}, npm ${execFileSync(npm, ['--version'], { encoding: 'utf8' }).trim()}, work folder ${tmp}`);
  execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'inherit' });
  // The npm cache lives in the temp folder too, so an offline install cannot be served by an earlier download.
  const npmEnv = { ...process.env, npm_config_cache: path.join(tmp, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  let tarball = '';
  step('npm pack', () => {
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: root, env: npmEnv, encoding: 'utf8' });
    const info = JSON.parse(out)[0];
    tarball = path.join(tmp, info.filename);
    const files = info.files.map((f) => `package/${f.path}`);
    const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
    if (stray.length) throw new Error(`files that should not ship: ${stray.join(', ')}`);
    for (const need of ['package/dist/cli.js', 'package/starter/data/gsm8k/LICENSE']) if (!files.includes(need)) throw new Error(`missing ${need}`);
    return `${info.filename}, ${files.length} files, ${(info.size / 1024).toFixed(0)} KiB`;
  });
  if (!tarball) return finish();
  const prefix = path.join(tmp, 'prefix');
  step('npm install -g --offline into an empty prefix', () => {
    execFileSync(npm, ['install', '-g', '--offline', '--prefix', prefix, tarball], { cwd: tmp, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const modules = fs.readdirSync(path.join(prefix, 'lib', 'node_modules', 'passk'));
    if (fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'passk', 'node_modules'))) throw new Error('runtime dependencies were installed');
    return `installed: ${modules.join(' ')}`;
  });
  const bin = path.join(prefix, 'bin');
  // Only the prefix's bin/, the folder of this node, and the system folders: no repository, no node_modules/.bin.
  const userPath = [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
  const work = path.join(tmp, 'work');
  fs.cpSync(path.join(root, 'starter'), work, { recursive: true });
  const sh = (cmd, env = {}) => spawnSync('sh', ['-c', cmd], { cwd: work, env: { HOME: tmp, PATH: userPath, ...env }, encoding: 'utf8' });
  step('passk --version', () => {
    const r = sh('command -v passk && passk --version');
    if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
    const [where, version] = r.stdout.trim().split('\n');
    if (!where.startsWith(bin)) throw new Error(`passk resolved to ${where}, not the installed prefix`);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (version !== `passk ${pkg.version}`) throw new Error(`printed "${version}"`);
    return `${version} at ${where}`;
  });
  step('passk --help lists every command', () => {
    const r = sh('passk --help');
    const missing = ['check', 'preview', 'eval', 'synth', 'report', 'grade', 'score', 'sim', 'schema'].filter((c) => !new RegExp(`^  ${c}\\b`, 'm').test(r.stdout));
    if (r.status !== 0 || missing.length) throw new Error(`exit ${r.status}, missing ${missing.join(', ')}`);
  });
  step('passk schema prints a JSON Schema', () => {
    const r = sh('passk schema');
    const schema = JSON.parse(r.stdout);
    if (!schema.$schema) throw new Error('no $schema');
  });
  step('passk check on the starter recipes', () => {
    const r = sh('passk check gsm8k-sim.recipe.yaml math-sim.recipe.yaml');
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    return r.stdout.trim();
  });
  await simAndEval(userPath, work);
  finish();
}

/** `passk sim` on a free port with its default datasets (the starter slices), then `passk eval` against it. */
async function simAndEval(userPath, work) {
  const sim = spawn('sh', ['-c', 'exec passk sim --port 0'], { cwd: work, env: { HOME: tmp, PATH: userPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no "listening" line within 20 s: ${out}`)), 20_000);
      sim.stdout.setEncoding('utf8').on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/\S+) with (\d+) known problems/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1], problems: Number(m[2]) });
        }
      });
      sim.on('exit', (code) => reject(new Error(`passk sim exited with ${code}`)));
    }).catch((e) => {
      failed++;
      console.error(`passk global-install: FAIL passk sim: ${e.message}`);
      return undefined;
    });
    if (!url) return;
    step('passk sim knows the starter problems', () => {
      if (url.problems < 100) throw new Error(`only ${url.problems} known problems`);
      return `${url.url}, ${url.problems} problems`;
    });
    step('passk eval of the starter recipe against the simulator', () => {
      const r = spawnSync('sh', ['-c', 'passk eval gsm8k-sim.recipe.yaml'], { cwd: work, env: { HOME: tmp, PATH: userPath, PASSK_SIM_URL: url.url }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stdout}${r.stderr}`);
      return r.stdout.split('\n').find((l) => /^1 /.test(l))?.replace(/\s+/g, ' ');
    });
  } finally {
    sim.kill('SIGTERM');
  }
}

function finish() {
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(failed ? `passk global-install: ${failed} step(s) FAILED` : 'passk global-install: the npm package installs a working `passk` on PATH');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`passk global-install: ${e.stack || e.message}`);
  failed++;
  finish();
});
