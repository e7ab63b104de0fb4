// Runs code-server (VS Code 1.100.3 for the browser) for the e2e checks: an isolated instance with its own
// config, user-data and extensions folders in a temporary directory (never the home folder), bound to
// 127.0.0.1, started in its own process group so stopping it also stops its extension hosts.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const installDir = path.resolve(root, process.env.PASSK_CODE_SERVER_DIR || 'tools/code-server');
const entry = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function isInstalled() {
  return fs.existsSync(entry) && fs.readdirSync(installDir).some((f) => f.startsWith('.installed-'));
}

function install() {
  execFileSync('bash', [path.join(__dirname, 'setup-code-server.sh'), installDir], { cwd: root, stdio: 'inherit' });
}

class CodeServer {
  /** `trusted: false` keeps workspace trust on, so the folder opens in Restricted Mode. */
  constructor({ port, env = {}, settings = {}, trusted = true }) {
    this.port = port;
    this.trusted = trusted;
    this.env = env;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-cs-'));
    this.userData = path.join(this.dir, 'user-data');
    this.extensions = path.join(this.dir, 'extensions');
    this.config = path.join(this.dir, 'config.yaml');
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    this.log = path.join(this.dir, 'server.log');
  }

  args() {
    return ['--config', this.config, '--user-data-dir', this.userData, '--extensions-dir', this.extensions, '--disable-telemetry', '--disable-update-check'];
  }

  /** Installs a .vsix the way a user would (`--install-extension`), before the server starts. */
  installExtension(vsix) {
    execFileSync(process.execPath, [entry, ...this.args(), '--install-extension', vsix], { stdio: 'inherit', env: { ...process.env, ...this.env } });
  }

  async start() {
    const out = fs.openSync(this.log, 'w');
    this.child = spawn(process.execPath, [entry, ...this.args(), '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none', ...(this.trusted ? ['--disable-workspace-trust'] : [])], {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, ...this.env },
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited early; see ${this.log}:\n${fs.readFileSync(this.log, 'utf8').slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer on 127.0.0.1:${this.port} within 60 s`);
  }

  stop() {
    if (this.child && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }

  cleanup() {
    this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { CodeServer, isInstalled, install, installDir };
