// Finds and opens stored runs, for reports and for the editor (CodeLens, inlay hints, hovers). Reading never
// takes the lock: samples.jsonl is append-only, so a reader sees a consistent prefix even while a run writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, Result } from '../core/problem';
import { readLines } from './jsonl-lines';
import { MANIFEST, SAMPLES, SUMMARY, readManifest, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { parseSampleRecord, parseSampleVerdict, type SampleRecord, type SampleVerdict } from './sample-record';

export interface RunInfo {
  dir: string;
  entry: string;
  fingerprint: string;
  /** What the run's figures describe besides its samples (see RunManifest.figures). */
  figures?: string;
  created: string;
  updated: string;
  /** Whether summary.json says every sample is in (false when there is no summary yet). */
  complete: boolean;
}

export interface LoadedRun {
  manifest: RunManifest;
  /** The last written summary, if any (a run killed before its first summary has none). */
  summary?: RunSummary;
  /** Streams the stored samples; malformed lines and a torn last line are skipped. */
  samples(): Generator<SampleRecord>;
  /** Streams only what summaries need (no texts), several times faster on large runs. */
  verdicts(): Generator<SampleVerdict>;
}

/**
 * The runs of a recipe (optionally of one entry), newest first. Only folders whose run.json names this recipe
 * file count (by file name, so a recipe moved together with its `.passk/` keeps its runs): a recipe beside it
 * with the same entry names has runs of its own (docs/runs.md).
 */
export function findRuns(recipeFile: string, entry?: string): RunInfo[] {
  const root = path.join(path.dirname(recipeFile), '.passk', 'eval');
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: RunInfo[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    const m = readManifest(dir);
    if (!m || (entry !== undefined && m.entry !== entry) || path.basename(m.recipe) !== path.basename(recipeFile)) continue;
    let complete = false;
    try {
      complete = (JSON.parse(fs.readFileSync(path.join(dir, SUMMARY), 'utf8')) as RunSummary).complete === true;
    } catch {
      complete = false;
    }
    out.push({ dir, entry: m.entry, fingerprint: m.fingerprint, ...(m.figures ? { figures: m.figures } : {}), created: m.created, updated: m.updated, complete });
  }
  return out.sort((a, b) => b.updated.localeCompare(a.updated) || b.dir.localeCompare(a.dir));
}

export function loadRun(runDir: string): Result<LoadedRun | undefined> {
  const manifest = readManifest(runDir);
  if (!manifest) {
    return { value: undefined, problems: [{ code: 'runs/not-a-run', severity: 'error', message: `${runDir} is not a passk run folder (it has no readable ${MANIFEST}).` }] };
  }
  const problems: Problem[] = [];
  let summary: RunSummary | undefined;
  try {
    summary = JSON.parse(fs.readFileSync(path.join(runDir, SUMMARY), 'utf8')) as RunSummary;
  } catch {
    problems.push({ code: 'runs/no-summary', severity: 'information', message: `The run ${runDir} has no summary yet; it was interrupted before finishing, and rerunning the evaluation completes it.` });
  }
  const file = path.join(runDir, SAMPLES);
  function* samples(): Generator<SampleRecord> {
    if (!fs.existsSync(file)) return;
    for (const { line } of readLines(file)) {
      const r = parseSampleRecord(line);
      if (r) yield r;
    }
  }
  function* verdicts(): Generator<SampleVerdict> {
    if (!fs.existsSync(file)) return;
    for (const { line } of readLines(file)) {
      const r = parseSampleVerdict(line);
      if (r) yield r;
    }
  }
  return { value: { manifest, ...(summary ? { summary } : {}), samples, verdicts }, problems };
}

/** The run whose fingerprint matches `fingerprint` (the current recipe) if there is one, else the newest run. */
export function latestRun(recipeFile: string, entry: string, fingerprint?: string): RunInfo | undefined {
  const runs = findRuns(recipeFile, entry);
  return runs.find((r) => r.fingerprint === fingerprint) ?? runs[0];
}
