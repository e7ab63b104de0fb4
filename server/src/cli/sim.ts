// `passk sim [--port N] [--dataset FILE]… [--latency-ms N] [--fail-rate SPEC] [--ignore-n] [--max-n N] [--seed N]`: starts
// the OpenAI-compatible SIMULATOR on 127.0.0.1 for dry runs and tests. It is not a model: it recognises problems
// of the given datasets (default: the bundled GSM8K and MATH test sets) inside prompts and answers them with
// seeded chain-of-thought samples whose accuracy follows a latent per-problem skill. Runs until Ctrl-C.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFaultSpec, type FaultConfig } from '../sim/faults';
import { loadSimProblems, type SimProblem } from '../sim/sim-problems';
import { startSimulator } from '../sim/simulator';
import { ArgError } from './args';
import type { CommandSpec } from './io';

/** `--fail-rate 0.2` spreads 20% evenly over the four faults; `500:0.1,429:0.05,drop:0.02,truncate:0.02` is exact. */
function faultsFrom(spec: string): FaultConfig {
  const n = Number(spec);
  if (spec.trim() !== '' && Number.isFinite(n)) {
    if (n < 0 || n > 1) throw new ArgError('--fail-rate must be between 0 and 1');
    return { error500: n / 4, rate429: n / 4, drop: n / 4, truncate: n / 4 };
  }
  try {
    return parseFaultSpec(spec);
  } catch (e) {
    throw new ArgError((e as Error).message);
  }
}

function defaultDatasets(): string[] {
  // dist/cli.js sits one folder below the repository, extension or npm package root. The repository has the full
  // data/; the .vsix and the npm package ship only starter/data, the slices the example recipes read.
  const roots = [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..', '..')];
  for (const root of roots) {
    for (const data of [path.join(root, 'data'), path.join(root, 'starter', 'data')]) {
      const files = [path.join(data, 'gsm8k', 'test.jsonl'), path.join(data, 'math', 'test.jsonl')].filter((f) => fs.existsSync(f));
      if (files.length) return files;
    }
  }
  return [];
}

export const simCommand: CommandSpec = {
  name: 'sim',
  summary: 'a local OpenAI-compatible simulator for dry runs (not a model)',
  positionals: { usage: '', min: 0, max: 0 },
  flags: {
    port: { type: 'integer', short: 'p', value: 'N', min: 0, max: 65535, help: 'port on 127.0.0.1 (default 8787; 0 picks a free one)' },
    dataset: { type: 'string', short: 'd', value: 'FILE', multiple: true, help: 'problems it knows (default: the bundled GSM8K and MATH test sets, or their starter slices when installed)' },
    'latency-ms': { type: 'number', value: 'N', min: 0, help: 'delay before each answer' },
    'fail-rate': { type: 'string', value: 'SPEC', help: 'injected faults: 0.2, or exact rates like 500:0.1,429:0.05,drop:0.02,truncate:0.02' },
    'ignore-n': { type: 'boolean', help: 'answer one choice per request, as servers that ignore `n` do' },
    'max-n': { type: 'integer', value: 'N', min: 1, help: 'at most N choices per request' },
    seed: { type: 'integer', value: 'N', help: 'seed of the simulated skills' },
  },
  details: 'Runs until SIGINT or SIGTERM, then exits 0.',
  run: async ({ flags }, io) => {
    const datasets = (flags.dataset as string[] | undefined) ?? [];
    const port = (flags.port as number | undefined) ?? 8787;
    const files = datasets.length ? datasets.map((d) => path.resolve(io.cwd, d)) : defaultDatasets();
    const problems: SimProblem[] = [];
    for (const f of files) {
      try {
        problems.push(...loadSimProblems(f));
      } catch (e) {
        io.err(`passk sim: cannot load ${f}: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const sim = await startSimulator({
      port,
      problems,
      ...(flags['latency-ms'] !== undefined ? { latencyMs: flags['latency-ms'] as number } : {}),
      ...(typeof flags['fail-rate'] === 'string' ? { faults: faultsFrom(flags['fail-rate']) } : {}),
      honourN: !flags['ignore-n'],
      ...(flags['max-n'] !== undefined ? { maxChoices: Math.max(1, Math.floor(flags['max-n'] as number)) } : {}),
      ...(flags.seed !== undefined ? { simSeed: flags.seed as number } : {}),
    });
    io.out(`passk sim: DRY-RUN SIMULATOR (not a model) listening on ${sim.url} with ${problems.length} known problems from ${files.length} dataset file(s)\n`);
    io.out(`passk sim: point a recipe model at baseUrl: ${sim.url}; press Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sim.close();
    io.err(`passk sim: stopped after ${sim.stats.completionRequests} completion requests\n`);
    return 0;
  },
};
