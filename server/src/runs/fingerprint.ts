// Hashing helpers of run and synthesis folders: stable JSON (so field order in code never changes a hash), a
// hex SHA-256, and folder names. What goes into an evaluation's hashes is in sample-identity.ts and
// verdict-identity.ts (docs/runs.md).
import { createHash } from 'node:crypto';

/** Stable JSON: object keys sorted, undefined dropped, so field order in code never changes a fingerprint. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A folder name for an entry: unsafe characters become `_`, then `-` and the short fingerprint follow. */
export function runFolderName(entry: string, fingerprint: string): string {
  return `${entry.replace(/[^A-Za-z0-9._-]/g, '_')}-${fingerprint.slice(0, 12)}`;
}
