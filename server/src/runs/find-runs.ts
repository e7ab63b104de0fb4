// Finds and opens stored runs, for reports and for the editor (CodeLens, inlay hints, hovers). Reading never
// takes the lock: samples.jsonl is append-only, so a reader sees a consistent prefix even while a run writes.
// Nothing read is trusted: a link anywhere in the store, an invalid run.json or summary.json, or an invalid
// sample line is a problem naming the path (and line), and what is invalid is neither shown nor counted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, ProblemCode, Result } from '../problems/problem';
import { readLog } from './append-log';
import { MANIFEST, SAMPLES, loadManifest, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { SAMPLE_LINES, VERDICT_LINES, type SampleRecord, type SampleVerdict } from './sample-record';
import { fsErrorMessage, isRealDir } from './safe-fs';
import { loadRunSummary, type SummaryMemo } from './summary-file';

export interface RunInfo {
  dir: string;
  entry: string;
  fingerprint: string;
  /** What the run's figures describe besides its samples (see RunManifest.figures). */
  figures?: string;
  created: string;
  updated: string;
  /** Whether summary.json says every sample is in (false when there is no valid summary yet). */
  complete: boolean;
}

export interface LoadedRun {
  manifest: RunManifest;
  /** The last written summary, if any and valid (a run killed before its first summary has none). */
  summary?: RunSummary;
  /** Streams the stored samples; invalid lines (reported in `lineProblems`) and a torn last line are skipped. */
  samples(): Generator<SampleRecord>;
  /** Streams only what summaries need (no texts), several times faster on large runs. */
  verdicts(): Generator<SampleVerdict>;
  /** The invalid lines met by the last samples() or verdicts() pass, one problem each (capped). */
  lineProblems: Problem[];
}

/**
 * The runs of a recipe (optionally of one entry), newest first, with the problems met while looking. Only
 * folders whose run.json names this recipe file count (by file name, so a recipe moved together with its
 * `.passk/` keeps its runs): a recipe beside it with the same entry names has runs of its own (docs/runs.md).
 * Summaries are read through `memo` when given (the editor's cache), afresh otherwise.
 */
export function scanRuns(recipeFile: string, entry?: string, memo?: SummaryMemo): Result<RunInfo[]> {
  const root = path.join(path.dirname(recipeFile), '.passk', 'eval');
  const problems: Problem[] = [];
  let entries: fs.Dirent[];
  try {
    if (!isRealDir(root)) return { value: [], problems };
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (e) {
    return { value: [], problems: [{ code: 'runs/unsafe-path', severity: 'error', file: root, message: `The runs of ${recipeFile} cannot be read: ${fsErrorMessage(e)}.` }] };
  }
  const out: RunInfo[] = [];
  for (const e of entries) {
    const dir = path.join(root, e.name);
    if (e.isSymbolicLink()) {
      problems.push({ code: 'runs/unsafe-path', severity: 'error', file: dir, message: `The run folder ${dir} is a symbolic link; passk does not follow links in its run store, so it is ignored.` });
      continue;
    }
    if (!e.isDirectory()) continue;
    const m = loadManifest(dir);
    if (m.problem) problems.push(m.problem);
    const man = m.manifest;
    if (!man || (entry !== undefined && man.entry !== entry) || path.basename(man.recipe) !== path.basename(recipeFile)) continue;
    // The run of one shard holds a slice of the problems: its figures are not the entry's, so it is shown only
    // when named directly, and `passk merge` turns the shards into the entry's run (docs/cluster.md).
    if (man.shard) continue;
    const s = loadRunSummary(dir, man, memo);
    out.push({ dir, entry: man.entry, fingerprint: man.fingerprint, ...(man.figures ? { figures: man.figures } : {}), created: man.created, updated: man.updated, complete: s.summary?.complete === true });
  }
  return { value: out.sort((a, b) => b.updated.localeCompare(a.updated) || b.dir.localeCompare(a.dir)), problems };
}

/** The runs of a recipe (optionally of one entry), newest first; unsafe or invalid folders are left out. */
export function findRuns(recipeFile: string, entry?: string, memo?: SummaryMemo): RunInfo[] {
  return scanRuns(recipeFile, entry, memo).value;
}

/** Opens one run folder; its summary is read through `memo` when given (the editor's cache), afresh otherwise. */
export function loadRun(runDir: string, memo?: SummaryMemo): Result<LoadedRun | undefined> {
  const fail = (code: ProblemCode, message: string): Result<undefined> => ({ value: undefined, problems: [{ code, severity: 'error', file: runDir, message }] });
  try {
    const st = fs.lstatSync(runDir);
    if (st.isSymbolicLink()) return fail('runs/unsafe-path', `The run folder ${runDir} is a symbolic link; passk does not follow links in its run store. Pass the real folder instead.`);
    isRealDir(runDir);
  } catch (e) {
    return fail('runs/unsafe-path', `The run folder ${runDir} cannot be read: ${fsErrorMessage(e)}.`);
  }
  const m = loadManifest(runDir);
  if (!m.manifest) {
    return { value: undefined, problems: m.problem ? [m.problem] : [{ code: 'runs/not-a-run', severity: 'error', file: runDir, message: `${runDir} is not a passk run folder (it has no ${MANIFEST}).` }] };
  }
  const manifest = m.manifest;
  const problems: Problem[] = [];
  const s = loadRunSummary(runDir, manifest, memo);
  if (s.problem) problems.push(s.problem);
  else if (!s.summary) {
    problems.push({ code: 'runs/no-summary', severity: 'information', message: `The run ${runDir} has no summary yet; it was interrupted before finishing, and rerunning the evaluation completes it.` });
  }
  const file = path.join(runDir, SAMPLES);
  const run: LoadedRun = {
    manifest,
    ...(s.summary ? { summary: s.summary } : {}),
    lineProblems: [],
    // A link or special file planted as samples.jsonl is reported into lineProblems, not thrown.
    samples: () => readLog(file, SAMPLE_LINES, (run.lineProblems = []), { report: true }),
    verdicts: () => readLog(file, VERDICT_LINES, (run.lineProblems = []), { report: true }),
  };
  return { value: run, problems };
}

/** The run whose fingerprint matches `fingerprint` (the current recipe) if there is one, else the newest run. */
export function latestRun(recipeFile: string, entry: string, fingerprint?: string, memo?: SummaryMemo): RunInfo | undefined {
  const runs = findRuns(recipeFile, entry, memo);
  return runs.find((r) => r.fingerprint === fingerprint) ?? runs[0];
}

