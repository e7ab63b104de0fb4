// The files "passk: Create Example Workspace" writes, read from the starter/ folder the .vsix ships. Pure (no
// vscode import), so the unit tests check the exact files a user gets. The example recipes point at the
// simulator's default address; when the user has configured another simulator port, the copies point there
// instead, so the walkthrough's "Start Simulator" and "Run Evaluation" meet without any environment variable.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StarterFile {
  /** Path relative to the starter folder, with forward slashes. */
  rel: string;
  content: Buffer;
}

/** The address the shipped recipes use by default (the simulator's default port). */
export const defaultSimAddress = '127.0.0.1:8787';

/** Lists every file under `dir`, recipes with their simulator address set to `port`. */
export function starterFiles(dir: string, port: number): StarterFile[] {
  const out: StarterFile[] = [];
  const walk = (sub: string): void => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) {
        const content = fs.readFileSync(path.join(dir, rel));
        out.push({ rel, content: rel.endsWith('.recipe.yaml') ? Buffer.from(withSimPort(content.toString('utf8'), port)) : content });
      }
    }
  };
  walk('');
  return out;
}

/** Points a recipe's default simulator URL at `port` (only the `${env:PASSK_SIM_URL:…}` fallback changes). */
export function withSimPort(recipe: string, port: number): string {
  return recipe.split(`\${env:PASSK_SIM_URL:http://${defaultSimAddress}/v1}`).join(`\${env:PASSK_SIM_URL:http://127.0.0.1:${port}/v1}`);
}

export interface WritePlan {
  write: StarterFile[];
  /** Files that already exist in the target: never overwritten, so a second run loses none of the user's edits. */
  keep: string[];
}

/** Splits the starter files into those to write and those already present in `target`. */
export function planWrite(files: StarterFile[], target: string): WritePlan {
  const plan: WritePlan = { write: [], keep: [] };
  for (const f of files) {
    if (fs.existsSync(path.join(target, f.rel))) plan.keep.push(f.rel);
    else plan.write.push(f);
  }
  return plan;
}
