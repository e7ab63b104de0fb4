// `passk score FILE|- [-k 1,4,16] [--json] [--against FILE]`: pass@k and exact maj@k from a samples JSONL. It
// reads three kinds of line: passk's own samples.jsonl records ({"problem", "index", "answer", "correct", …},
// see runs/sample-record.ts), {"problem", "answer", "gold"} (answer null = no answer) and {"problem",
// "correct"}. Records of a run are tallied and clustered exactly as `passk eval` does (eval/tally-counts.ts)
// and summarised by the same statistics core with the same seeded intervals, so scoring a run's samples.jsonl
// prints the figures `passk report` shows. Next to a run's run.json, the run's k, grader and sample count are
// the defaults, and only samples of the run's current problems and requests count. The JSON output is the statistics core's summary; the text output is a table with intervals,
// followed by per-problem rows. `--against OTHER` adds a paired comparison of per-problem pass@1.
import * as path from 'node:path';
import { countProblem, extractGold } from '../answers';
import { tallyCounts } from '../eval/tally-counts';
import type { GraderSpec } from '../recipe/model';
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import { RequestMap } from '../runs/request-map';
import { readManifest, type RunManifest } from '../runs/run-manifest';
import { parseSampleVerdict } from '../runs/sample-record';
import { pairedComparison, type ProblemCounts, summarizeCooperatively } from '../stats';
import { percentText } from '../report/format';
import { clip, formatTable, readInput } from './grade';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { Interrupted, makePause } from './pause';

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

/** The run a samples file belongs to, when it is a run folder's samples.jsonl next to its run.json. */
function runOf(file: string, io: CliIO): RunManifest | undefined {
  if (file === '-' || path.basename(file) !== 'samples.jsonl') return undefined;
  return readManifest(path.dirname(path.resolve(io.cwd, file)));
}

/** Reads and grades one samples file; null when it cannot be read or holds no readable sample. */
async function readSamples(file: string, compare: GraderSpec['compare'], io: CliIO, pause: () => Promise<void>, run?: RunManifest): Promise<ProblemCounts[] | null> {
  const maxIndex = run?.samples;
  // Next to its run.json, a sample counts for the problems whose current request it answers, exactly as the
  // run's summary counts it: samples of problems beyond a lowered limit, or of a question since edited, stay in
  // the file but are not part of the run's figures (docs/runs.md).
  const requests = run ? new RequestMap(run.requests) : undefined;
  const input = readInput(file, io, 'score');
  if (!input) return null;
  const at = (line: number) => `${input.display}:${line}`;
  const errors: string[] = [];
  // Problems in first-seen order; passk's records are tallied (a repeated index counts once, as in a run),
  // other lines are collected per problem and graded at the end.
  const order: string[] = [];
  const records = new Map<string, ProblemTally>();
  const problems = new Map<string, ProblemLines>();
  const text = input.text.replace(/^\uFEFF/, '');
  let start = 0;
  for (let lineNo = 1; start <= text.length; lineNo++) {
    await pause();
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (raw.trim() === '') continue;
    const record = raw.startsWith('{"problem":') && raw.includes('"index":') ? parseSampleVerdict(raw) : undefined;
    if (record) {
      if (problems.has(record.problem)) {
        errors.push(`${at(lineNo)}: problem "${record.problem}" mixes passk sample records with other lines; this line is skipped`);
        continue;
      }
      if (maxIndex !== undefined && record.index >= maxIndex) continue;
      for (const id of requests ? requests.idsFor(record) : [record.problem]) {
        let t = records.get(id);
        if (!t) {
          records.set(id, (t = newTally(id)));
          order.push(id);
        }
        addToTally(t, record);
      }
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      errors.push(`${at(lineNo)}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${at(lineNo)}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const id = v.problem;
    if (typeof id !== 'string' && typeof id !== 'number') {
      errors.push(`${at(lineNo)}: "problem" must be a string or a number`);
      continue;
    }
    const key = String(id);
    if (records.has(key)) {
      errors.push(`${at(lineNo)}: problem "${key}" mixes passk sample records with other lines; this line is skipped`);
      continue;
    }
    if ('index' in v && 'correct' in v && !('gold' in v)) {
      errors.push(`${at(lineNo)}: not a well-formed passk sample record ("problem" string, "index" ≥ 0, "answer" string or null, "correct" true or false)`);
      continue;
    }
    const p = problems.get(key) ?? { gold: null, answers: [], correct: 0, n: 0, graded: false };
    if ('correct' in v && !('answer' in v)) {
      if (typeof v.correct !== 'boolean') {
        errors.push(`${at(lineNo)}: "correct" must be true or false`);
        continue;
      }
      p.graded = true;
      p.n++;
      if (v.correct) p.correct++;
    } else if ('answer' in v) {
      const a = v.answer;
      const g = v.gold;
      if (a !== null && typeof a !== 'string' && typeof a !== 'number') {
        errors.push(`${at(lineNo)}: "answer" must be a string, a number or null`);
        continue;
      }
      if (typeof g !== 'string' && typeof g !== 'number') {
        errors.push(`${at(lineNo)}: "gold" must be a string or a number`);
        continue;
      }
      // A gold copied from a dataset row (`… #### 18`, `… \boxed{18}`) is reduced to its answer first.
      const gold = extractGold(String(g), 'auto').answer ?? String(g);
      if (p.gold !== null && p.gold !== gold) errors.push(`${at(lineNo)}: problem "${key}" has a different gold answer than before; the first one is used`);
      p.gold ??= gold;
      p.answers.push(a === null ? null : String(a));
    } else {
      errors.push(`${at(lineNo)}: a line needs "answer" and "gold", or "correct" (or be a passk sample record)`);
      continue;
    }
    if (!problems.has(key)) order.push(key);
    problems.set(key, p);
  }
  // A file of thousands of identical mistakes (the wrong file) says so once per kind rather than per line.
  for (const e of errors.slice(0, 20)) io.err(`${e}\n`);
  if (errors.length > 20) io.err(`passk score: … and ${errors.length - 20} more bad lines in ${input.display}\n`);
  if (order.length === 0) {
    io.err(`passk score: no readable samples in ${input.display}\n`);
    return null;
  }
  const counts: ProblemCounts[] = [];
  for (const problem of order) {
    await pause();
    const t = records.get(problem);
    if (t) {
      counts.push(tallyCounts(t, problem, compare));
      continue;
    }
    const p = problems.get(problem)!;
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
  summary: 'pass@k, exact maj@k and intervals from a samples JSONL (a run\'s samples.jsonl too)',
  positionals: { usage: '<FILE|->', min: 1, max: 1 },
  flags: {
    k: { type: 'string', short: 'k', value: 'LIST', help: 'the k values, e.g. 1,4,16 (default: the run\'s k, else 1 and powers of 4 up to n)' },
    json: { type: 'boolean', short: 'j', help: 'print the summary as one JSON object' },
    compare: { type: 'string', short: 'c', value: 'MODE', choices: ['math', 'numeric', 'exact'], help: 'how answers are compared and clustered (default: the run\'s grader, else math)' },
    against: { type: 'string', short: 'a', value: 'FILE', help: 'a second samples file: paired comparison of per-problem pass@1' },
    seed: { type: 'integer', value: 'N', help: 'bootstrap seed (default 1, as in eval and report)' },
    iterations: { type: 'integer', value: 'N', min: 1, help: 'bootstrap iterations (default 2000)' },
  },
  details:
    'Lines are passk sample records (a run\'s samples.jsonl), {"problem", "answer", "gold"} or {"problem", "correct"}.\n' +
    'Intervals are those of `passk eval` and `passk report`: a seeded bootstrap over problems (normal from 1000\n' +
    'problems on). Exit 0 on success, 1 when nothing is readable, 2 on a usage error, 130 when interrupted.',
  run: async ({ flags, positionals }, io) => {
    const file = positionals[0]!;
    const run = runOf(file, io);
    const requested = parseKs(flags.k as string | undefined, io);
    if (requested && requested.length === 0) return EXIT.usage;
    const compare = ((flags.compare as string | undefined) ?? run?.grader.compare ?? 'math') as GraderSpec['compare'];
    if (run) {
      // Say what is used, not what the run had: -k and -c win over the run's. A run's sample lines carry their
      // verdicts, not the gold answer, so -c changes only how answers are clustered for maj@k.
      const ks = requested ?? run.k;
      const regraded = compare !== run.grader.compare ? `; its verdicts stay those of the run's grader (${run.grader.extract}/${run.grader.compare}), -c only clusters the answers` : '';
      io.err(`passk score: ${file} belongs to the run of "${run.entry}"; using k (${ks.join(', ')}), compare (${compare}) and the first ${run.samples} samples per problem${regraded}\n`);
    }
    const pause = makePause(io.signal);
    try {
      const counts = await readSamples(file, compare, io, pause, run);
      if (!counts) return EXIT.failed;
      const against = typeof flags.against === 'string' ? await readSamples(flags.against, compare, io, pause, runOf(flags.against, io)) : undefined;
      if (against === null) return EXIT.failed;
      const maxN = Math.max(...counts.map((c) => c.n));
      const ks = requested ?? (run?.k.length ? run.k : [1, 4, 16, 64, 256, 1024].filter((k) => k === 1 || k <= maxN));
      const opts = { ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}), ...(flags.iterations ? { iterations: flags.iterations as number } : {}) };
      const summary = await summarizeCooperatively(counts, ks, opts, pause);
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
        return EXIT.ok;
      }
      printText(io, summary, ks, comparison);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof Interrupted) return EXIT.interrupted;
      throw e;
    }
  },
};

function printText(
  io: CliIO,
  summary: Awaited<ReturnType<typeof summarizeCooperatively>>,
  ks: readonly number[],
  comparison: (ReturnType<typeof pairedComparison> & { against: string }) | undefined,
): void {
  // The report's rounding (report/format.ts), so score and report print the same digits for the same figure.
  const pct = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${percentText(v)}%`);
  const ci = (v: { lo: number; hi: number } | null | undefined) => (v ? `[${pct(v.lo)}, ${pct(v.hi)}]` : '');
  const keys = [...new Set(ks)].sort((a, b) => a - b);
  io.out(`${summary.problems} problems, ${summary.samples} samples (${Math.round(summary.ci.level * 100)}% intervals, ${summary.ci.method} over problems)\n\n`);
  io.out(
    formatTable(
      ['k', 'pass@k', 'interval', 'maj@k', 'interval'],
      keys.map((k) => {
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
  const last = String(keys[keys.length - 1]);
  io.out(
    formatTable(
      ['problem', 'n', 'correct', 'pass@1', `maj@${last}`, 'unstable'],
      shown.map((r) => [clip(r.problem, 24), String(r.n), String(r.correct), pct(r.passAtK['1']), pct(r.majAtK[last]), r.unstable ? 'yes' : '']),
    ),
  );
  if (summary.perProblem.length > shown.length) io.out(`… ${summary.perProblem.length - shown.length} more problems (use --json for all)\n`);
}
