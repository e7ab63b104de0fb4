// Runs the bundled CLI (dist/cli.js) as a user would, for the CLI tests. The bundle is rebuilt alone when it
// is missing or older than the sources, so a test run never exercises a stale CLI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dist, repoRoot } from './paths';

export const cli = path.join(dist, 'cli.js');

export function ensureCli(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
    }, 0);
  if (fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= newest(path.join(repoRoot, 'server', 'src'))) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require(path.join(repoRoot, 'node_modules', 'esbuild')) as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(repoRoot, 'server/src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning',
  });
}

export function runCli(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
