// run.json: what a run folder holds samples of. It carries the configuration that produced the samples (never
// a secret: keys are not part of any recipe object) so a report can be made from the folder alone, and the
// grader that judged the stored verdicts, so a changed grader is noticed and the samples regraded.
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import type { GraderSpec, SamplingParams } from '../recipe/model';
import { loadRunFile } from './run-file-schema';

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
  model: {
    name: string; model: string; api: 'chat' | 'completions'; endpoint: string; baseUrls: string[];
    /** The recipe's `price` (dollars per million tokens) and `batch` (half price), so a report can say what the samples cost. */
    price?: { inputPerMTok: number; outputPerMTok: number };
    batch?: boolean;
  };
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
  /** The `groupBy` fields of the entry: the summary has one table of figures per field (`groups`). */
  groupBy?: string[];
  /** Each planned problem's request identity, so readers without the recipe count only its current samples. */
  requests?: Record<string, string>;
  /**
   * Present on the run of one shard (`passk eval --shard i/N`): which shard it is, and how many problems the
   * whole run has, so `passk merge` can tell whether its shards cover the whole run.
   */
  shard?: { index: number; count: number; problems: number };
}

export const MANIFEST = 'run.json';
export const SAMPLES = 'samples.jsonl';
export const SUMMARY = 'summary.json';
export const LOCK = 'lock';

/**
 * Reads and checks run.json (run-file-schema.ts). `missing` when there is none (a folder that is not a run, or
 * one whose first write was interrupted); `problem` when it is a link, not a regular file, or not a valid
 * manifest; never throws.
 */
export function loadManifest(dir: string): { manifest?: RunManifest; problem?: Problem; missing?: true } {
  const r = loadRunFile('eval-manifest', path.join(dir, MANIFEST));
  return r.value ? { manifest: r.value } : r.problem ? { problem: r.problem } : { missing: true };
}

/** Reads run.json; undefined when it is missing or invalid (loadManifest says why). */
export function readManifest(dir: string): RunManifest | undefined {
  return loadManifest(dir).manifest;
}

/** Writes a JSON file atomically (temp file + rename), so a reader never sees half of it. */
export { writeJsonAtomic } from './safe-fs';
