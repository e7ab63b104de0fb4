// `passk compare A B … [--json] [--html FILE]`: runs of one dataset side by side. Each argument is a run folder,
// `recipe#entry` (that entry's run, as `passk report` picks it; read by ./recipe-spec as `passk merge` reads it)
// or a recipe (its first entry). The first run is the baseline: every other run is paired with it, problem by problem, at every k for pass@k and maj@k. The
// statistics are the pure core's (stats/compareRuns.ts); this file only finds and reads the runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { latestRunFor, loadRun, runCounts } from '../eval';
import { comparisonJson, compareRuns, type CompareInput, type ComparisonView } from '../stats';
import { htmlDocument } from '../report/html';
import { comparePage } from '../report/compare-page';
import { pct, terminalText } from '../report/format';
import { writeFileAtomic } from '../runs/safe-fs';
import type { RunManifest } from '../runs/run-manifest';
import { datasetMismatch } from '../eval/dataset-mismatch';
import { loadRecipe, printProblems } from './eval';
import { readRecipeSpec } from './recipe-spec';
import { EXIT, type CliIO, type CommandSpec } from './io';

/** The run folder an argument names, or undefined after saying why there is none. */
async function runDirOf(io: CliIO, arg: string): Promise<string | undefined> {
  const abs = path.resolve(io.cwd, arg);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) return abs;
  const spec = readRecipeSpec(io.cwd, arg);
  const file = spec.file;
  const doc = loadRecipe(io, file);
  if (!doc) return undefined;
  const entry = spec.entry ?? [...doc.evaluate.keys()][0];
  if (entry === undefined || !doc.evaluate.has(entry)) {
    io.err(`passk compare: ${terminalText(file)} has no evaluation${entry ? ` named "${terminalText(entry)}"` : 's'}\n`);
    return undefined;
  }
  const run = await latestRunFor(doc, entry);
  if (!run) {
    io.err(`passk compare: evaluation "${terminalText(entry)}" of ${terminalText(file)} has no runs yet\n`);
    return undefined;
  }
  return run.dir;
}

async function inputOf(io: CliIO, arg: string): Promise<(CompareInput & { manifest: RunManifest }) | undefined> {
  const dir = await runDirOf(io, arg);
  if (!dir) return undefined;
  const loaded = loadRun(dir);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  printProblems(io, errors, dir);
  if (!loaded.value || errors.length) return undefined;
  const counts = runCounts(loaded.value);
  printProblems(io, loaded.value.lineProblems, dir);
  return { label: arg, counts, manifest: loaded.value.manifest };
}

/** k values for the terminal: 1, powers of two, and the last k, so the table stays a screen wide. */
function tableKs(v: ComparisonView): number[] {
  const all = Object.keys(v.passAtK).map(Number);
  const last = Math.max(...all);
  return all.filter((k) => k === last || (k & (k - 1)) === 0);
}

const signed = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : ''}${pct(v)}`);

function text(v: ComparisonView): string {
  const lines: string[] = [];
  v.runs.forEach((r, i) => lines.push(`${i === 0 ? 'baseline' : `run ${i}`.padEnd(8)}  ${terminalText(r.label)}: ${r.problems} problems, ${r.samples} samples`));
  lines.push(`${v.common} problems are in every run; figures and pairs are over those only.`, '');
  for (const k of tableKs(v)) {
    const key = String(k);
    lines.push(`k=${key.padEnd(5)} pass@k ${v.passAtK[key]!.map((x) => pct(x).padStart(7)).join(' ')}   maj@k ${v.majAtK[key]!.map((x) => pct(x).padStart(7)).join(' ')}`);
  }
  const shown = new Set(tableKs(v));
  const pairs = v.pairs.filter((p) => shown.has(p.k));
  if (pairs.length) lines.push('', 'Paired differences (run − baseline), 95% interval, p-value:');
  for (const p of pairs) {
    lines.push(`  ${terminalText(p.b)}  ${p.metric}@${p.k}: ${signed(p.diff)} ${p.ci ? `[${signed(p.ci[0])}, ${signed(p.ci[1])}]` : ''} p=${p.p === null ? '—' : p.p.toFixed(4)}`);
  }
  for (let i = 1; i < v.runs.length; i++) {
    const change = v.perProblem
      .map((p) => ({ id: p.problem, d: p.passAt1[i] !== null && p.passAt1[0] !== null ? p.passAt1[i]! - p.passAt1[0]! : 0 }))
      .filter((c) => c.d !== 0);
    const worse = change.filter((c) => c.d < 0).sort((a, b) => a.d - b.d);
    const better = change.filter((c) => c.d > 0).sort((a, b) => b.d - a.d);
    lines.push('', `${terminalText(v.runs[i]!.label)} against the baseline: ${worse.length} problems regressed, ${better.length} improved (pass@1).`);
    for (const c of worse.slice(0, 10)) lines.push(`  ▼ ${terminalText(c.id)} ${signed(c.d)}`);
    for (const c of better.slice(0, 10)) lines.push(`  ▲ ${terminalText(c.id)} ${signed(c.d)}`);
  }
  return lines.join('\n') + '\n';
}

export const compareCommand: CommandSpec = {
  name: 'compare',
  summary: 'compare runs problem by problem: curves, paired differences at every k, regressions',
  positionals: { usage: '<run-folder|recipe#entry>...', min: 2, missing: 'name at least two runs to compare' },
  flags: {
    json: { type: 'boolean', short: 'j', help: 'print the comparison as one JSON object' },
    html: { type: 'string', short: 'o', value: 'FILE', help: 'also write a self-contained HTML comparison' },
  },
  details: 'The first run is the baseline; each other run is paired with it over the problems every run has samples for.\nIntervals are a seeded paired bootstrap over problems, p-values a sign-flip permutation test (docs/reports.md).',
  run: async ({ positionals, flags }, io) => {
    const inputs: (CompareInput & { manifest: RunManifest })[] = [];
    for (const arg of positionals) {
      const input = await inputOf(io, arg);
      if (!input) return EXIT.failed;
      inputs.push(input);
    }
    const view = compareRuns(inputs);
    const mismatch = datasetMismatch(inputs);
    if (mismatch) io.err(`passk compare: warning: ${terminalText(mismatch)}\n`);
    if (view.common === 0) io.err('passk compare: the runs share no problem; there is nothing to pair\n');
    io.out(flags.json ? JSON.stringify(comparisonJson(view)) + '\n' : text(view));
    if (typeof flags.html === 'string') {
      const abs = path.resolve(io.cwd, flags.html);
      try {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        writeFileAtomic(abs, htmlDocument(comparePage(view)), { replaceLink: true });
        io.err(`passk compare: wrote the HTML comparison to ${flags.html}\n`);
      } catch (e) {
        io.err(`passk compare: cannot write ${flags.html}: ${(e as Error).message}\n`);
        return EXIT.failed;
      }
    }
    return view.common === 0 ? EXIT.failed : EXIT.ok;
  },
};
