// The estimate lens of each evaluate entry ("≈ N requests · X prompt tokens · ≤ $Y · ≥ T", docs/runs.md, "Cost
// and time before a run"). Planning an entry reads its dataset and renders every prompt, which takes too long for
// a CodeLens request on a big dataset, so an estimate is computed in the background and the client asked to
// re-request lenses when it is ready. It is redone when what it depends on changes: the entry, its model,
// prompt and dataset definitions, the dataset file, or the samples its run folder holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateEvaluation, type DryRun } from '../../eval/dry-run';
import { SAMPLES } from '../../runs/run-manifest';
import type { RecipeDoc } from '../../recipe/model';

interface Slot {
  key: string;
  value?: DryRun;
}

/** Size and modification time of a file, or '-' when it cannot be read; cheap enough for every lens request. */
function stamp(file: string | undefined): string {
  if (!file) return '-';
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

/** Everything the estimate of `entry` depends on, without spans (moving an entry does not change its estimate). */
function configKey(doc: RecipeDoc, entry: string): string | undefined {
  const def = doc.evaluate.get(entry);
  if (!def) return undefined;
  const model = doc.models.get(def.model.name);
  const dataset = doc.datasets.get(def.dataset.name);
  const prompt = doc.prompts.get(def.prompt.name);
  if (!model || !dataset || !prompt) return undefined;
  const { span: _s, nameSpan: _n, model: _m, dataset: _d, prompt: _p, ...rest } = def;
  return JSON.stringify({
    file: doc.file, entry, rest,
    model: { ...model, span: undefined, nameSpan: undefined },
    dataset: { path: dataset.path, question: dataset.question, id: dataset.id, answer: dataset.answer, file: stamp(dataset.path) },
    prompt: { system: prompt.system?.source, user: prompt.user.source },
  });
}

export class EstimateStore {
  private readonly slots = new Map<string, Slot>();

  /** `onReady` is told when an estimate finished computing (the caller asks the client to re-request lenses). */
  constructor(private readonly onReady: () => void) {}

  /** The current estimate of `entry`, or undefined while it is computed (or when the entry cannot be planned). */
  get(doc: RecipeDoc, entry: string): DryRun | undefined {
    const config = configKey(doc, entry);
    if (config === undefined) return undefined;
    const id = `${doc.file}\0${entry}`;
    const slot = this.slots.get(id);
    const samples = slot?.value ? stamp(path.join(slot.value.runDir, SAMPLES)) : '';
    if (slot && slot.key === `${config}\0${samples}`) return slot.value;
    const fresh: Slot = { key: `${config}\0${samples}` };
    this.slots.set(id, fresh);
    void estimateEvaluation(doc, entry)
      .then((r) => {
        if (this.slots.get(id) !== fresh) return;
        if (r.value) {
          fresh.value = r.value;
          // The key is completed with the samples file now that the run folder is known.
          fresh.key = `${config}\0${stamp(path.join(r.value.runDir, SAMPLES))}`;
        }
        this.onReady();
      })
      .catch(() => undefined);
    return slot?.key.startsWith(`${config}\0`) ? slot.value : undefined;
  }

  /** Forgets the estimates of the recipe at `file`. */
  forget(file: string): void {
    for (const id of [...this.slots.keys()]) if (id.startsWith(`${file}\0`)) this.slots.delete(id);
  }
}
