// Makes a fresh checkout runnable with one command: installs the locked dependencies when node_modules is
// missing or older than the lockfile, then builds dist/ when any source is newer than the bundles. Each npm
// script that needs the project (demo, test, bench, package) calls this first, so the README's two commands
// are the whole set-up.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const mtime = (p) => { try { return fs.statSync(path.join(root, p)).mtimeMs; } catch { return 0; } };

function newestIn(dir) {
  let newest = 0;
  const walk = (d) => {
    let entries;
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, dir));
  return newest;
}

const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

// A git worktree that borrows another checkout's node_modules through a symlink must never reinstall: npm ci
// would delete the shared folder that the other checkout is using.
const sharedModules = (() => { try { return fs.lstatSync(path.join(root, 'node_modules')).isSymbolicLink(); } catch { return false; } })();
if (!sharedModules && mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  console.log('passk: installing locked dependencies (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

const sources = Math.max(newestIn('server/src'), newestIn('client/src'), mtime('esbuild.js'), mtime('package.json'));
const built = Math.min(mtime('dist/server.js'), mtime('dist/analysis-worker.js'), mtime('dist/language-server.js'), mtime('dist/cli.js'), mtime('dist/extension.js'), mtime('dist/recipe.schema.json'));
if (process.argv.includes('--force') || built < sources) {
  console.log('passk: building dist/…');
  run(`"${process.execPath}" esbuild.js`);
}
