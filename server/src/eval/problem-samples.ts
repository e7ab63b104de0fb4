// The samples and questions the sample browser shows, read from a run folder and the recipe's dataset. Reading
// is bounded: at most `maxSamples` samples of at most `maxProblems` problems are kept, whatever the size of
// samples.jsonl, and questions come only from the dataset the recipe names (a run folder's own manifest path
// is a stranger's and is never opened).
import { readDataset } from '../datasets/read-dataset';
import type { RecipeDoc } from '../recipe/model';
import type { LoadedRun } from '../runs/find-runs';
import type { SampleRecord } from '../runs/sample-record';
import { resolveEntry } from './eval-plan';
import { goldAnswer } from './grader';

export interface ProblemSamplesOptions {
  /** Only these problems. */
  only?: ReadonlySet<string>;
  maxSamples?: number;
  maxProblems?: number;
}

export function problemSamples(run: LoadedRun, opts: ProblemSamplesOptions = {}): Map<string, SampleRecord[]> {
  const maxSamples = opts.maxSamples ?? 64;
  const maxProblems = opts.maxProblems ?? 500;
  const out = new Map<string, SampleRecord[]>();
  for (const r of run.samples()) {
    if (r.index >= run.manifest.samples || (opts.only !== undefined && !opts.only.has(r.problem))) continue;
    let list = out.get(r.problem);
    if (!list) {
      if (out.size >= maxProblems) continue;
      out.set(r.problem, (list = []));
    }
    if (list.length < maxSamples) list.push(r);
  }
  return out;
}

export interface QuestionAndGold {
  question: string;
  gold: string;
}

/** The entry's questions and extracted gold answers by problem id; empty when the dataset cannot be read. */
export async function datasetQuestions(doc: RecipeDoc, entry: string, only?: ReadonlySet<string>): Promise<Map<string, QuestionAndGold>> {
  const resolved = resolveEntry(doc, entry).value;
  const out = new Map<string, QuestionAndGold>();
  if (!resolved) return out;
  const { dataset, def } = resolved;
  const rows = await readDataset({ ...dataset }, def.limit !== undefined ? { limit: def.limit } : {});
  for (const row of rows.value) {
    if (only && !only.has(row.id)) continue;
    if (!out.has(row.id)) out.set(row.id, { question: row.question, gold: goldAnswer(row.gold, dataset.answer) });
  }
  return out;
}
