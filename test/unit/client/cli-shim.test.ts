// The `passk` launcher of "passk: Open Terminal with passk", run by a real shell with the PATH the terminal
// gets: it must start the bundled CLI even when the paths hold spaces and quotes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathWithShim, shimDir, shimFiles, shQuote } from '../../../client/src/cli-shim';
import { cli, ensureCli } from '../../helpers/cli';

test('shQuote survives a round trip through sh for awkward paths', () => {
  for (const s of ["/tmp/it's here", '/a b/$HOME/`x`', 'plain']) {
    const r = spawnSync('sh', ['-c', `printf %s ${shQuote(s)}`], { encoding: 'utf8' });
    assert.equal(r.stdout, s);
  }
});

test('a terminal whose PATH has the shim folder runs the bundled CLI as `passk`', () => {
  ensureCli();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "passk shim it's-"));
  try {
    // The CLI copied under a path with a space and a quote, as an extension folder or a user name may have.
    const extDist = path.join(base, "ext's dir", 'dist');
    fs.mkdirSync(extDist, { recursive: true });
    fs.copyFileSync(cli, path.join(extDist, 'cli.js'));
    const dir = shimDir(path.join(base, 'global storage'));
    fs.mkdirSync(dir, { recursive: true });
    for (const f of shimFiles(process.execPath, path.join(extDist, 'cli.js'), process.platform)) {
      fs.writeFileSync(path.join(dir, f.name), f.content, { mode: f.executable ? 0o755 : 0o644 });
    }
    const env = { ...process.env, PATH: pathWithShim(dir, '/usr/bin:/bin', process.platform) };
    const version = spawnSync('sh', ['-c', 'passk --version'], { env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^passk \d+\.\d+\.\d+/);
    const help = spawnSync('sh', ['-c', 'passk --help'], { env, encoding: 'utf8' });
    assert.match(help.stdout, /\n {2}schema\s/);
    assert.equal(spawnSync('sh', ['-c', 'passk nonsense'], { env, encoding: 'utf8' }).status, 2, 'exit codes pass through');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the Windows launcher passes every argument and runs Electron as Node', () => {
  const [cmd] = shimFiles('C:\\Program Files\\Code\\Code.exe', 'C:\\ext\\dist\\cli.js', 'win32');
  assert.equal(cmd?.name, 'passk.cmd');
  assert.match(cmd!.content, /set ELECTRON_RUN_AS_NODE=1\r\n"C:\\Program Files\\Code\\Code\.exe" "C:\\ext\\dist\\cli\.js" %\*\r\n$/);
  assert.equal(pathWithShim('C:\\bin', 'C:\\Windows', 'win32'), 'C:\\bin;C:\\Windows');
});
