// The one interface the SFT export is written through, row by row, so that no export is ever assembled in memory
// (a million rows is beyond V8's longest string) and other formats can sit behind the same three calls. The
// JSONL writer streams rows into temporary files beside the output and renames them into place only at
// `commit`, so a reader sees the previous export or the new one, never a half-written file, and a run that
// stops early leaves the previous export untouched. With `maxFileBytes` the output is split into numbered parts
// (`out.00000.jsonl`, `out.00001.jsonl`, …) of at most that size each, cut at row boundaries (docs/recipe-format.md).
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureRealDir, openNewNoFollow, tempNameFor } from '../runs/safe-fs';
import { checkExportTarget, exportKey, writeExport, type ExportTarget } from './export-target';
import { sftRowsToParquet } from './sft-parquet';
import type { SftRow } from './sft-row';
import type { ExportRecord } from './synth-manifest';
import type { Problem } from '../problems/problem';

export interface ExportWriter {
  write(row: SftRow): void;
  /** Moves every written file into place; the records to keep in the run's manifest, or the refusal. */
  commit(): { records: ExportRecord[]; refused?: Problem };
  /** Removes the temporary files (after an error, or when nothing may be written). */
  abort(): void;
  /** Rows written so far. */
  readonly rows: number;
}

interface Part {
  file: string;
  tmp: string;
  fd: number;
  hash: Hash;
  size: number;
}

/** The file of part `i`: the output's name with a five-digit part number before its extension. */
export function partFile(file: string, i: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${String(i).padStart(5, '0')}${ext || '.jsonl'}`;
}

const FLUSH = 1 << 20;

export class JsonlExportWriter implements ExportWriter {
  private readonly parts: Part[] = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  rows = 0;

  constructor(private readonly target: ExportTarget, private readonly maxFileBytes?: number) {
    const rel = path.relative(target.recipeDir, target.file);
    const outside = rel.startsWith('..') || path.isAbsolute(rel);
    if (outside || target.force) fs.mkdirSync(path.dirname(target.file), { recursive: true });
    else ensureRealDir(path.dirname(target.file), target.recipeDir);
    if (!maxFileBytes) this.open(target.file);
  }

  private open(file: string): Part {
    const tmp = tempNameFor(file);
    const part: Part = { file, tmp, fd: openNewNoFollow(tmp), hash: createHash('sha256'), size: 0 };
    this.parts.push(part);
    return part;
  }

  private flush(): void {
    const part = this.parts[this.parts.length - 1];
    if (!part || this.pending.length === 0) return;
    const data = this.pending.join('');
    fs.writeSync(part.fd, data);
    part.hash.update(data);
    this.pending = [];
    this.pendingBytes = 0;
  }

  write(row: SftRow): void {
    const line = JSON.stringify(row) + '\n';
    const bytes = Buffer.byteLength(line);
    let part = this.parts[this.parts.length - 1];
    if (this.maxFileBytes && (!part || (part.size > 0 && part.size + bytes > this.maxFileBytes))) {
      this.flush();
      part = this.open(partFile(this.target.file, this.parts.length));
    }
    this.pending.push(line);
    this.pendingBytes += bytes;
    part!.size += bytes;
    this.rows++;
    if (this.pendingBytes >= FLUSH) this.flush();
  }

  commit(): { records: ExportRecord[]; refused?: Problem } {
    this.flush();
    for (const p of this.parts) fs.closeSync(p.fd), (p.fd = -1);
    // An empty sharded export still writes its first part, so the output is never silently absent.
    if (this.parts.length === 0) {
      const p = this.open(partFile(this.target.file, 0));
      fs.closeSync(p.fd);
      p.fd = -1;
    }
    for (const p of this.parts) {
      const refused = checkExportTarget({ ...this.target, file: p.file });
      if (refused) {
        this.abort();
        return { records: [], refused };
      }
    }
    const written = new Date().toISOString();
    const records = this.parts.map((p) => {
      fs.renameSync(p.tmp, p.file);
      return { path: exportKey({ file: p.file, recipeDir: this.target.recipeDir }), sha256: p.hash.digest('hex'), size: p.size, written };
    });
    this.parts.length = 0;
    return { records };
  }

  abort(): void {
    for (const p of this.parts) {
      if (p.fd >= 0) fs.closeSync(p.fd);
      fs.rmSync(p.tmp, { force: true });
    }
    this.parts.length = 0;
  }
}

/**
 * Parquet output (when `output` ends in `.parquet`, sft-parquet.ts): a Parquet file is written whole, with its
 * column chunks and footer, so its rows are gathered (as JSON lines) until `commit` and written atomically then.
 * Unlike JSONL this holds the export in memory; a million-row corpus should use JSONL, split with `maxFileMB`.
 */
export class ParquetExportWriter implements ExportWriter {
  private lines: string[] = [];
  rows = 0;

  constructor(private readonly target: ExportTarget) {}

  write(row: SftRow): void {
    this.lines.push(JSON.stringify(row));
    this.rows++;
  }

  commit(): { records: ExportRecord[]; refused?: Problem } {
    const refused = checkExportTarget(this.target);
    if (refused) return { records: [], refused };
    const data = sftRowsToParquet(this.lines.join('\n') + (this.lines.length ? '\n' : ''));
    this.lines = [];
    return { records: [writeExport(this.target, data)] };
  }

  abort(): void {
    this.lines = [];
  }
}

/** The writer for a target: Parquet by the `.parquet` extension, else JSONL (split by `maxFileBytes` when set). */
export function exportWriterFor(target: ExportTarget, maxFileBytes?: number): ExportWriter {
  return target.file.toLowerCase().endsWith('.parquet') ? new ParquetExportWriter(target) : new JsonlExportWriter(target, maxFileBytes);
}
