// Shared by the CLI tests of eval, report and sim: a CLI bundle built from server/src/cli/main.ts exactly as
// esbuild.js builds dist/cli.js (built into a temp folder, so parallel work on other bundles cannot break or
// race these tests), a temp recipe over the first GSM8K test rows, and a runner that captures output.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataDir, repoRoot } from '../helpers/paths';

let bundle: string | undefined;

export function cliBundle(): string {
  if (bundle) return bundle;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require(path.join(repoRoot, 'node_modules', 'esbuild')) as typeof import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-cli-')), 'cli.js');
  esbuild.buildSync({ entryPoints: [path.join(repoRoot, 'server', 'src', 'cli', 'main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'error' });
  bundle = out;
  return out;
}

export function simRecipe(baseUrl: string, opts: { rows?: number; samples?: number; concurrency?: number; apiKey?: string; extra?: string } = {}): { dir: string; recipe: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-cli-run-'));
  const rows = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').slice(0, opts.rows ?? 10);
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), rows.join('\n') + '\n');
  const recipe = path.join(dir, 'sim.recipe.yaml');
  fs.writeFileSync(recipe, `passk: 1
name: cli-sim
models:
  sim:
    baseUrl: ${baseUrl}
    model: passk-sim
    api: chat
    concurrency: ${opts.concurrency ?? 4}
    maxRetries: 20${opts.apiKey ? `\n    apiKey: ${opts.apiKey}` : ''}
datasets:
  gsm8k:
    path: gsm8k.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  sim-eval:
    model: sim
    dataset: gsm8k
    prompt: cot
    samples: ${opts.samples ?? 8}
    temperature: 0.7
    maxTokens: 512
    seed: 99
    k: [1, 2, 8]
    grader: { extract: auto, compare: math }
${opts.extra ?? ''}`);
  return { dir, recipe };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { cwd: opts.cwd ?? repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    opts.onSpawn?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Lines of the only run folder's samples.jsonl under `dir` (0 when there is none yet). */
export function sampleLines(dir: string): string[] {
  const root = path.join(dir, '.passk', 'eval');
  if (!fs.existsSync(root)) return [];
  const runs = fs.readdirSync(root);
  if (runs.length !== 1) return [];
  const file = path.join(root, runs[0]!, 'samples.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

export interface SimProcess {
  url: string;
  /** Stops the simulator with SIGINT, as a person would, and returns how it exited and what it printed. */
  close(): Promise<CliResult>;
}

/**
 * `passk sim` in its own process, on a free port: its answers do not load the test's event loop, so times a test
 * measures (e.g. from a signal to a CLI's exit) are the CLI's own.
 */
export async function simProcess(args: string[]): Promise<SimProcess> {
  let child: ChildProcess | undefined;
  let resolveUrl!: (url: string) => void;
  const url = new Promise<string>((r) => (resolveUrl = r));
  const done = runCli(['sim', '--port', '0', ...args], {
    onSpawn: (c) => {
      child = c;
      let buf = '';
      c.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(buf);
        if (m) resolveUrl(m[1]!);
      });
    },
  });
  return {
    url: await url,
    close: () => {
      child?.kill('SIGINT');
      return done;
    },
  };
}
