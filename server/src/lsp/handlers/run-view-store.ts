// The run views the editor shows, one per recipe entry, cached until what they depend on changes: the entry's
// run inputs (model, prompt, parameters, dataset file), the run folder's files, or the run's live state. Edits
// elsewhere in the recipe reuse the cached view, so typing does not re-read run folders or re-hash the dataset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEntry } from '../../eval';
import { loadEvalRunView, type DatasetRunMode, type EvalRunView, type RunViewCache } from '../../insights';
import type { RecipeDoc } from '../../recipe/model';
import { endpointIdentity } from '../../runs/sample-identity';

interface CachedView {
  doc: RecipeDoc;
  /** What the run and its fingerprint depend on (see runInputsKey); spans and comments are not part of it. */
  inputs: string;
  stamp: string;
  checkedAt: number;
  view: Promise<EvalRunView | undefined>;
}

/** How long "no run yet" and live views are trusted before the run folder is looked at again. */
const RECHECK_MS = 1000;

/**
 * Everything an entry's run view depends on: the resolved model, prompt, sampling and grading settings and the
 * dataset file's identity. Typing elsewhere in the recipe makes a new RecipeDoc but the same key, so the view
 * (and its reads of run folders and the dataset hash) is reused instead of recomputed on every keystroke.
 */
function runInputsKey(doc: RecipeDoc, entry: string): string {
  const r = resolveEntry(doc, entry).value;
  if (!r) return 'unresolved';
  let stamp = 'missing';
  try {
    const st = fs.statSync(r.dataset.path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // an unreadable dataset is part of the key too: the view then shows the newest run as stale
  }
  const { def, model, prompt, dataset } = r;
  // The endpoint and `expect` are part of the run's identities too (docs/runs.md): without them, pointing a model
  // at another server kept showing the first server's figures as current.
  return JSON.stringify([
    model.model, model.api, endpointIdentity({ baseUrls: model.baseUrls, ...(model.identity ? { identity: model.identity } : {}) }),
    prompt.system?.source ?? null, prompt.user.source,
    [def.temperature, def.topP, def.maxTokens, def.seed ?? null, def.stop ?? null, def.samples, def.k, def.grader, def.limit ?? null, def.expect],
    dataset.path, dataset.question, dataset.id ?? null, dataset.answer, stamp,
  ]);
}

/** The state of a run folder's files: a new sample or a rewritten summary changes it. */
function runStamp(view: EvalRunView | undefined): string {
  if (!view) return 'none';
  const stat = (f: string) => {
    try {
      const s = fs.statSync(path.join(view.summary.runDir, f));
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${stat('samples.jsonl')}|${stat('summary.json')}`;
}

export class RunViewStore {
  private readonly views = new Map<string, CachedView>();
  /** `recipeFile\0entry` of runs in progress: their views are recomputed from samples.jsonl. */
  private readonly active = new Set<string>();

  constructor(private readonly cache: RunViewCache) {}

  /** The run `entry` of `doc` shows now (cached until what the run depends on, or the run folder, changes). */
  get(doc: RecipeDoc, entry: string, mode: DatasetRunMode): Promise<EvalRunView | undefined> {
    const key = `${doc.file}\0${entry}`;
    const inputs = runInputsKey(doc, entry);
    const hit = this.views.get(key);
    const now = Date.now();
    const live = this.active.has(key);
    if (hit && hit.inputs === inputs && now - hit.checkedAt < RECHECK_MS) return hit.view;
    const fresh = (stamp: string): CachedView => {
      const view = loadEvalRunView(doc, entry, { mode: mode, live, cache: this.cache }).then(
        (r) => r.value,
        () => undefined,
      );
      return { doc, inputs, stamp, checkedAt: now, view };
    };
    if (!hit || hit.inputs !== inputs || live) {
      const c = fresh('');
      this.views.set(key, c);
      void c.view.then((v) => (c.stamp = runStamp(v)));
      return c.view;
    }
    // Same run inputs: reuse the view unless the run folder changed (or a run appeared) since.
    return hit.view.then((v) => {
      const stamp = runStamp(v);
      if (v && stamp === hit.stamp) {
        hit.checkedAt = Date.now();
        return v;
      }
      const c = fresh(stamp);
      this.views.set(key, c);
      void c.view.then((nv) => (c.stamp = runStamp(nv)));
      return c.view;
    });
  }

  /** Marks a run as in progress (live views) or finished, and refreshes what shows it. */
  setActive(doc: RecipeDoc, entry: string, active: boolean): void {
    const key = `${doc.file}\0${entry}`;
    if (active) this.active.add(key);
    else this.active.delete(key);
    this.views.delete(key);
  }

  /** Forgets every cached view of the recipe at `file` (its run folder changed outside this server). */
  invalidate(file?: string): void {
    for (const [key, c] of this.views) if (file === undefined || c.doc.file === file) this.views.delete(key);
  }

  /** Forgets the views of every recipe whose run folder (`.passk/` beside it) holds `changedFile`. */
  runFileChanged(changedFile: string): void {
    const parts = changedFile.split(path.sep);
    const at = parts.lastIndexOf('.passk');
    if (at < 0) return;
    const recipeDir = parts.slice(0, at).join(path.sep);
    for (const [key, c] of this.views) if (path.dirname(c.doc.file) === recipeDir) this.views.delete(key);
  }
}
