// run.json: what a run folder holds samples of. It carries the configuration that produced the samples (never
// a secret: keys are not part of any recipe object) so a report can be made from the folder alone, and the
// grader that judged the stored verdicts, so a changed grader is noticed and the samples regraded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraderSpec, SamplingParams } from '../recipe/model';

export interface RunManifest {
  kind: 'eval';
  /** Format version of the run folder: 2 since samples carry `req` and `vid` (docs/runs.md). */
  version: 2;
  entry: string;
  /** Absolute path of the recipe that started the run; a run folder belongs to one recipe file and entry. */
  recipe: string;
  /** Names the folder: the recipe file's name and the entry's sample identity (docs/runs.md). */
  fingerprint: string;
  /** The entry's sample identity: endpoint, api, model, prompt templates, sampling parameters. */
  sampleIdentity: string;
  /** Everything the figures depend on besides the samples (dataset content, gold reading, grader, samples). */
  figures: string;
  created: string;
  updated: string;
  /**
   * `endpoint` is the endpoint identity (declared, or the server origins); `baseUrls` every server (without
   * userinfo or query) that produced samples stored here.
   */
  model: { name: string; model: string; api: 'chat' | 'completions'; endpoint: string; baseUrls: string[] };
  /** `sha256` is the dataset file's content hash; `answer` how its gold values are read. */
  dataset: { name: string; path: string; sha256: string; answer?: { field: string; extract: string } };
  prompt: { name: string; system?: string; user: string };
  params: SamplingParams;
  samples: number;
  k: number[];
  grader: GraderSpec;
  /** Problems the run covers (after `limit`); per-problem sample counts are in the summary. */
  problems: number;
  expect: Record<string, number>;
  /** Each planned problem's request identity, so readers without the recipe count only its current samples. */
  requests?: Record<string, string>;
}

export const MANIFEST = 'run.json';
export const SAMPLES = 'samples.jsonl';
export const SUMMARY = 'summary.json';
export const LOCK = 'lock';

/** Reads run.json; undefined when missing or malformed (a folder that is not a run, or a torn first write). */
export function readManifest(dir: string): RunManifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as RunManifest;
    return m && m.kind === 'eval' && typeof m.fingerprint === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a JSON file atomically (temp file + rename), so a reader never sees half of it. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
