// Starts `passk sim` (the dry-run simulator in the built dist/cli.js) on 127.0.0.1 for the UI checks of runs,
// answering the fixture workspace's datasets, and resolves once it listens.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function startSimProcess({ port, dataset, datasets = [dataset], latencyMs = 300 }) {
  const files = datasets.flatMap((d) => ['--dataset', d]);
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'sim', '--port', String(port), ...files, '--latency-ms', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`passk sim did not start: ${out}`));
    }, 15_000);
    const onData = (b) => {
      out += b.toString();
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) {
        clearTimeout(timer);
        resolve({ stop: () => child.kill('SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`passk sim exited with ${code}: ${out}`));
    });
  });
}

module.exports = { startSimProcess };
