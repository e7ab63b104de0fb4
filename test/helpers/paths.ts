// Tests run from out/ (transpiled copies), so paths to fixtures, data and dist/ are found from the repository
// root rather than from __dirname.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.js'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`repository root not found above ${start}`);
    dir = up;
  }
}

export const repoRoot = findRoot(__dirname);
export const fixtures = path.join(repoRoot, 'test', 'fixtures');
export const dist = path.join(repoRoot, 'dist');
export const dataDir = path.join(repoRoot, 'data');
