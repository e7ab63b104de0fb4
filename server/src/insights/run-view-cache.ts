// The editor's one cache of everything it derives from run folders (docs/architecture.md, "The run-view cache").
// It holds five kinds of things, each in an LruMap whose bound is in LIMITS below:
// - summaries: checked summary.json files (runs/summary-file.ts reads through this cache as its SummaryMemo),
//   valid while the file's identity, size and times stay the same;
// - indexes: one incremental RunSampleIndex per run folder, which itself follows samples.jsonl and run.json, so
//   a live refresh costs the samples appended since the last one, not a re-read of the whole run;
// - plans: each recipe entry's evaluation plan (dataset lines and gold answers), valid for one RecipeDoc and one
//   state (size, modification time) of its dataset file;
// - views: the run view each recipe entry shows, valid while its run inputs (runInputsKey) and the run folder's
//   samples.jsonl and summary.json stamps stay the same; runs in progress and "no run yet" are looked at again
//   after RECHECK_MS;
// - estimates: each entry's cost estimate (docs/runs.md, "Cost and time before a run"), computed in the background
//   because it plans the whole dataset, and valid while the entry's definitions, its dataset file and its run's
//   samples.jsonl stay the same.
// Invalidation is by those stamps, plus `forget(file)` (the views and plans of one recipe, when something outside
// this process says its runs changed) and `runFileChanged` (a watched file inside a recipe's `.passk/`).
// Summaries, indexes and estimates need no forgetting: they check their files on every use. Reading takes no lock, and
// nothing is remembered that failed its checks, so a cache hit is never less safe than a read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../problems/problem';
import { loadRun, planEvaluation, resolveEntry, type EvalPlan, type LoadedRun } from '../eval';
import { estimateEvaluation, type DryRun } from '../eval/dry-run';
import type { RecipeDoc } from '../recipe/model';
import { SAMPLES, SUMMARY } from '../runs/run-manifest';
import type { RunSummary } from '../runs/run-summary';
import type { SummaryMemo } from '../runs/summary-file';
import { loadEvalRunView, type DatasetRunMode } from './load-run-view';
import { estimateInputsKey, sizeTimeStamp } from './estimate-inputs-key';
import { LruMap } from './lru-map';
import { runInputsKey } from './run-inputs-key';
import { RunSampleIndex } from './run-sample-index';
import type { EvalRunView } from './run-views';

/** How many of each kind are kept: summaries and indexes can be megabytes each, views and plans are per entry. */
export const LIMITS = { summaries: 8, indexes: 6, plans: 16, views: 64, estimates: 64 };
export type CacheLimits = typeof LIMITS;

/** How long "no run yet" and live views are trusted before the run folder is looked at again. */
const RECHECK_MS = 1000;

interface CachedView {
  doc: RecipeDoc;
  /** What the run and its fingerprint depend on (see runInputsKey); spans and comments are not part of it. */
  inputs: string;
  stamp: string;
  checkedAt: number;
  view: Promise<EvalRunView | undefined>;
}

interface CachedEstimate {
  /** The entry's estimate inputs and its run's samples.jsonl stamp (known once the estimate names the run). */
  key: string;
  value?: DryRun;
}

interface CachedPlan {
  doc: RecipeDoc;
  dataset: string;
  plan: Promise<Result<EvalPlan | undefined>>;
}

/** Size and modification time of `file`, or `missing` (a file that appears or goes is a change too). */
function fileStamp(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** The state of a run folder's files: a new sample or a rewritten summary changes it. */
function runStamp(view: EvalRunView | undefined): string {
  if (!view) return 'none';
  const dir = view.summary.runDir;
  return `${fileStamp(path.join(dir, SAMPLES))}|${fileStamp(path.join(dir, SUMMARY))}`;
}

const viewKey = (doc: RecipeDoc, entry: string) => `${doc.file}\0${entry}`;

export class RunViewCache implements SummaryMemo {
  private readonly summaries: LruMap<string, { stamp: string; summary: RunSummary }>;
  private readonly indexes: LruMap<string, RunSampleIndex>;
  private readonly plans: LruMap<string, CachedPlan>;
  private readonly views: LruMap<string, CachedView>;
  private readonly estimates: LruMap<string, CachedEstimate>;
  /** `recipeFile\0entry` of runs in progress: their views are recomputed from samples.jsonl. */
  private readonly active = new Set<string>();

  constructor(limits: Partial<CacheLimits> = {}) {
    const l = { ...LIMITS, ...limits };
    this.summaries = new LruMap(l.summaries);
    this.indexes = new LruMap(l.indexes);
    this.plans = new LruMap(l.plans);
    this.views = new LruMap(l.views);
    this.estimates = new LruMap(l.estimates);
  }

  /** How many of each kind are held now (for tests and the output channel). */
  sizes(): Record<keyof CacheLimits, number> {
    return { summaries: this.summaries.size, indexes: this.indexes.size, plans: this.plans.size, views: this.views.size, estimates: this.estimates.size };
  }

  recallSummary(file: string, stamp: string): RunSummary | undefined {
    const hit = this.summaries.get(file);
    return hit?.stamp === stamp ? hit.summary : undefined;
  }

  rememberSummary(file: string, checked: { stamp: string; summary: RunSummary } | undefined): void {
    if (checked) this.summaries.set(file, checked);
    else this.summaries.delete(file);
  }

  /** Opens a run folder as loadRun does, with its summary read through this cache. */
  loadRun(runDir: string): Result<LoadedRun | undefined> {
    return loadRun(runDir, this);
  }

  /** The index of `runDir`, brought up to date with the samples appended since the last call. */
  index(runDir: string): RunSampleIndex {
    let idx = this.indexes.get(runDir);
    if (!idx) this.indexes.set(runDir, (idx = new RunSampleIndex(runDir)));
    idx.update();
    return idx;
  }

  /** The plan of `entry` for this recipe version and dataset file state. */
  plan(doc: RecipeDoc, entry: string): Promise<Result<EvalPlan | undefined>> {
    const ds = resolveEntry(doc, entry).value?.dataset.path;
    const dataset = ds ? fileStamp(ds) : 'none';
    const key = viewKey(doc, entry);
    const hit = this.plans.get(key);
    if (hit && hit.doc === doc && hit.dataset === dataset) return hit.plan;
    const plan = planEvaluation(doc, entry, undefined);
    this.plans.set(key, { doc, dataset, plan });
    return plan;
  }

  /** The run `entry` of `doc` shows now (cached until what the run depends on, or the run folder, changes). */
  view(doc: RecipeDoc, entry: string, mode: DatasetRunMode): Promise<EvalRunView | undefined> {
    const key = viewKey(doc, entry);
    const inputs = runInputsKey(doc, entry);
    const hit = this.views.get(key);
    const now = Date.now();
    const live = this.active.has(key);
    if (hit && hit.inputs === inputs && now - hit.checkedAt < RECHECK_MS) return hit.view;
    const fresh = (): Promise<EvalRunView | undefined> => {
      const view = loadEvalRunView(doc, entry, { mode, live, cache: this }).then(
        (r) => r.value,
        () => undefined,
      );
      const c: CachedView = { doc, inputs, stamp: '', checkedAt: now, view };
      this.views.set(key, c);
      void view.then((v) => (c.stamp = runStamp(v)));
      return view;
    };
    if (!hit || hit.inputs !== inputs || live) return fresh();
    // Same run inputs: reuse the view unless the run folder changed (or a run appeared) since.
    return hit.view.then((v) => {
      if (v && runStamp(v) === hit.stamp) {
        hit.checkedAt = Date.now();
        return v;
      }
      return fresh();
    });
  }

  /**
   * The current estimate of `entry`, or undefined while it is computed (or when the entry cannot be planned).
   * Planning a big dataset takes too long for a CodeLens request, so a missing or outdated estimate is computed
   * in the background and `onReady` told when it is done (the server then asks the client for lenses again);
   * meanwhile the previous estimate of the same definitions is shown.
   */
  estimate(doc: RecipeDoc, entry: string, onReady: () => void): DryRun | undefined {
    const config = estimateInputsKey(doc, entry);
    if (config === undefined) return undefined;
    const key = viewKey(doc, entry);
    const slot = this.estimates.get(key);
    const samples = slot?.value ? sizeTimeStamp(path.join(slot.value.runDir, SAMPLES)) : '';
    if (slot && slot.key === `${config}\0${samples}`) return slot.value;
    const fresh: CachedEstimate = { key: `${config}\0${samples}` };
    this.estimates.set(key, fresh);
    void estimateEvaluation(doc, entry)
      .then((r) => {
        if (this.estimates.get(key) !== fresh) return;
        if (r.value) {
          fresh.value = r.value;
          // The key is completed with the samples file now that the run folder is known.
          fresh.key = `${config}\0${sizeTimeStamp(path.join(r.value.runDir, SAMPLES))}`;
        }
        onReady();
      })
      .catch(() => undefined);
    return slot?.key.startsWith(`${config}\0`) ? slot.value : undefined;
  }

  /** Marks a run as in progress (live views) or finished; either way its view is read again. */
  setActive(doc: RecipeDoc, entry: string, active: boolean): void {
    const key = viewKey(doc, entry);
    if (active) this.active.add(key);
    else this.active.delete(key);
    this.views.delete(key);
  }

  /** Forgets the views and plans of the recipe at `file` (of every recipe when absent). */
  forget(file?: string): void {
    const drop = (_key: string, c: { doc: RecipeDoc }) => file === undefined || c.doc.file === file;
    this.views.clear(drop);
    this.plans.clear(drop);
  }

  /** Forgets the views of every recipe whose run folder (`.passk/` beside it) holds `changedFile`. */
  runFileChanged(changedFile: string): void {
    const parts = changedFile.split(path.sep);
    const at = parts.lastIndexOf('.passk');
    if (at < 0) return;
    const recipeDir = parts.slice(0, at).join(path.sep);
    this.views.clear((_key, c) => path.dirname(c.doc.file) === recipeDir);
  }
}
