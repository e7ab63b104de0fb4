// `passk score FILE [--k 1,4,16] [--json]` (DESIGN §5): pass@k and exact maj@k from a samples JSONL whose lines
// are {"problem", "answer", "gold"} (answer null = no answer) or {"problem", "correct"}. The JSON output is the
// statistics core's summary (problems, samples, passAtK, majAtK, ci, perProblem, instability); the text output
// is a table of figures with their intervals, followed by per-problem rows. `--against OTHER` adds a paired
// comparison of per-problem pass@1 with another run on the same problems (difference, interval, p-value).
import { countProblem, extractGold } from '../answers';
import { pairedComparison, type ProblemCounts, summarize } from '../stats';
import { parseArgs } from './args';
import { clip, formatTable, readInput, readJsonLines } from './grade';
import type { CliIO, CommandSpec } from './io';

interface ProblemLines {
  gold: string | null;
  answers: (string | null)[];
  correct: number;
  n: number;
  graded: boolean;
}

function parseKs(raw: string | undefined, io: CliIO): number[] | null {
  if (raw === undefined) return null;
  const ks = raw.split(',').map((s) => Number(s.trim()));
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
    io.err(`passk score: --k expects positive integers separated by commas, got "${raw}"\n`);
    return [];
  }
  return ks;
}

/** Reads and grades one samples file; null when it cannot be read or holds no readable sample. */
function readSamples(file: string, compare: string, io: CliIO): ProblemCounts[] | null {
  const input = readInput(file, io, 'score');
  if (!input) return null;
  const { rows, errors } = readJsonLines(input.text, input.display);
  const at = (line: number) => `${input.display}:${line}`;
  const problems = new Map<string, ProblemLines>();
  for (const { line, value } of rows) {
    const id = value.problem;
    if (typeof id !== 'string' && typeof id !== 'number') {
      errors.push(`${at(line)}: "problem" must be a string or a number`);
      continue;
    }
    const key = String(id);
    const p = problems.get(key) ?? { gold: null, answers: [], correct: 0, n: 0, graded: false };
    if ('correct' in value && !('answer' in value)) {
      if (typeof value.correct !== 'boolean') {
        errors.push(`${at(line)}: "correct" must be true or false`);
        continue;
      }
      p.graded = true;
      p.n++;
      if (value.correct) p.correct++;
    } else if ('answer' in value) {
      const a = value.answer;
      const g = value.gold;
      if (a !== null && typeof a !== 'string' && typeof a !== 'number') {
        errors.push(`${at(line)}: "answer" must be a string, a number or null`);
        continue;
      }
      if (typeof g !== 'string' && typeof g !== 'number') {
        errors.push(`${at(line)}: "gold" must be a string or a number`);
        continue;
      }
      // A gold copied from a dataset row (`… #### 18`, `… \boxed{18}`) is reduced to its answer first.
      const gold = extractGold(String(g), 'auto').answer ?? String(g);
      if (p.gold !== null && p.gold !== gold) errors.push(`${at(line)}: problem "${key}" has a different gold answer than before; the first one is used`);
      p.gold ??= gold;
      p.answers.push(a === null ? null : String(a));
    } else {
      errors.push(`${at(line)}: a line needs "answer" and "gold", or "correct"`);
      continue;
    }
    problems.set(key, p);
  }
  for (const e of errors) io.err(`${e}\n`);
  if (problems.size === 0) {
    io.err(`passk score: no readable samples in ${input.display}\n`);
    return null;
  }
  const counts: ProblemCounts[] = [];
  for (const [problem, p] of problems) {
    if (p.answers.length === 0) {
      counts.push({ problem, n: p.n, correct: p.correct });
      continue;
    }
    const g = countProblem(p.gold!, p.answers, compare);
    // A problem may mix graded lines and answer lines; graded lines add samples without an answer cluster.
    counts.push({
      problem,
      n: g.n + p.n,
      correct: g.correct + p.correct,
      ...(p.graded ? {} : { clusterSizes: g.clusterSizes, correctCluster: g.correctClusters, unanswered: g.unanswered }),
    });
  }
  return counts;
}

export const scoreCommand: CommandSpec = {
  name: 'score',
  usage: 'passk score FILE [--k 1,4,16] [--json] [--against FILE]',
  summary: 'pass@k, exact maj@k, intervals; --against: paired comparison (--compare, --seed too)',
  run: async (argv, io) => {
    const { flags, positionals } = parseArgs(argv, { k: 'string', json: 'boolean', compare: 'string', seed: 'number', iterations: 'number', against: 'string' });
    const file = positionals[0];
    if (!file) {
      io.err('passk score: a samples FILE is required\nusage: passk score FILE [--k 1,4,16] [--json]\n');
      return 2;
    }
    const compare = (flags.compare as string | undefined) ?? 'math';
    if (!['math', 'numeric', 'exact'].includes(compare)) {
      io.err(`passk score: --compare must be math, numeric or exact, got "${compare}"\n`);
      return 2;
    }
    const requested = parseKs(flags.k as string | undefined, io);
    if (requested && requested.length === 0) return 2;
    const counts = readSamples(file, compare, io);
    if (!counts) return 1;
    const against = typeof flags.against === 'string' ? readSamples(flags.against, compare, io) : undefined;
    if (against === null) return 1;
    const maxN = Math.max(...counts.map((c) => c.n));
    const ks = requested ?? [1, 4, 16, 64, 256, 1024].filter((k) => k === 1 || k <= maxN);
    const opts = { seed: (flags.seed as number | undefined) ?? 1, ...(flags.iterations ? { iterations: flags.iterations as number } : {}) };
    const summary = summarize(counts, ks, opts);
    let comparison: (ReturnType<typeof pairedComparison> & { against: string; metric: string }) | undefined;
    if (against) {
      // Only problems present in both runs are paired; per-problem pass@1 is correct / n.
      const other = new Map(against.filter((c) => c.n > 0).map((c) => [c.problem, c.correct / c.n]));
      const mine = counts.filter((c) => c.n > 0 && other.has(c.problem));
      const r = pairedComparison(mine.map((c) => c.correct / c.n), mine.map((c) => other.get(c.problem)!), opts);
      comparison = { against: flags.against as string, metric: 'pass@1', ...r };
    }
    if (flags.json) {
      io.out(JSON.stringify(comparison ? { ...summary, comparison } : summary) + '\n');
      return 0;
    }
    // Means of many fractions carry float noise (0.6874999…); a nudge far below the printed precision keeps
    // equal figures printing equally.
    const pct = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${(100 * v + 1e-9).toFixed(1)}%`);
    const ci = (v: { lo: number; hi: number } | null | undefined) => (v ? `[${pct(v.lo)}, ${pct(v.hi)}]` : '');
    io.out(`${summary.problems} problems, ${summary.samples} samples (${Math.round(summary.ci.level * 100)}% intervals, ${summary.ci.method} over problems)\n\n`);
    io.out(
      formatTable(
        ['k', 'pass@k', 'interval', 'maj@k', 'interval'],
        ks.map((k) => {
          const key = String(k);
          return [key, pct(summary.passAtK[key]), ci(summary.ci.passAtK[key]), pct(summary.majAtK[key]), ci(summary.ci.majAtK[key])];
        }),
      ),
    );
    const inst = summary.instability;
    io.out(
      `\nunstable problems (solved sometimes, pass@1 < 50%): ${inst.unstable}; latent accuracy pass@n − pass@1: ${pct(inst.latent)} ` +
        `(pass@n ${pct(inst.passAtN)}, PassRatio@n ${pct(inst.passRatioAtN)})\n`,
    );
    if (comparison) {
      const sign = comparison.diff >= 0 ? '+' : '';
      io.out(
        `against ${comparison.against}: pass@1 difference ${sign}${(100 * comparison.diff).toFixed(1)} points ` +
          `[${(100 * comparison.lo).toFixed(1)}, ${(100 * comparison.hi).toFixed(1)}], p = ${comparison.pValue.toFixed(4)} over ${comparison.pairs} paired problems\n`,
      );
    }
    io.out('\n');
    const shown = summary.perProblem.slice(0, 50);
    const last = String(ks[ks.length - 1]);
    io.out(
      formatTable(
        ['problem', 'n', 'correct', 'pass@1', `maj@${last}`, 'unstable'],
        shown.map((r) => [clip(r.problem, 24), String(r.n), String(r.correct), pct(r.passAtK['1']), pct(r.majAtK[last]), r.unstable ? 'yes' : '']),
      ),
    );
    if (summary.perProblem.length > shown.length) io.out(`… ${summary.perProblem.length - shown.length} more problems (use --json for all)\n`);
    return 0;
  },
};
