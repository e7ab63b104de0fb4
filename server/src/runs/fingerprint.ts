// The run fingerprint (DESIGN §3): a hash of everything that changes what the model would sample (model id
// and api, prompt text, sampling parameters, seed, dataset content). The baseUrl is left out on purpose (moving
// a model to another replica or host does not change its samples), and so are the grader (change it and the
// stored samples are regraded), the sample count (raise it and the run is extended) and the limit.
import { createHash } from 'node:crypto';
import type { SamplingParams } from '../recipe/model';

export interface FingerprintInput {
  model: string;
  api: 'chat' | 'completions';
  prompt: { system?: string; user: string };
  params: SamplingParams;
  /** Dataset path relative to the recipe folder, with forward slashes. */
  datasetPath: string;
  datasetSha256: string;
  questionField: string;
  idField?: string;
}

/** Stable JSON: object keys sorted, undefined dropped, so field order in code never changes a fingerprint. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The full hex SHA-256 fingerprint; run folders use its first 12 characters. */
export function runFingerprint(input: FingerprintInput): string {
  const p = input.params;
  const material = {
    v: 1,
    model: input.model,
    api: input.api,
    prompt: { system: input.prompt.system, user: input.prompt.user },
    params: { temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, seed: p.seed, stop: p.stop?.length ? p.stop : undefined },
    dataset: { path: input.datasetPath, sha256: input.datasetSha256, question: input.questionField, id: input.idField },
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A folder name for an entry: unsafe characters become `_`, then `-` and the short fingerprint follow. */
export function runFolderName(entry: string, fingerprint: string): string {
  return `${entry.replace(/[^A-Za-z0-9._-]/g, '_')}-${fingerprint.slice(0, 12)}`;
}
