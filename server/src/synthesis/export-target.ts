// Where a synthesis may write its SFT output. The `output` path comes from the recipe, and a recipe may come
// from a stranger, so passk treats it as untrusted (docs/runs.md, "Exports"): the file must lie inside the
// recipe's folder with no symbolic link on the way, and an existing file there is replaced only when a
// synthesis run of this recipe exported it and it is unchanged since (its path, size and SHA-256 are in that
// run's run.json). Anything else stops the run with an error naming the path; `passk synth --force` (the user,
// at the command line) lifts these checks. The write itself is atomic and replaces a link rather than
// following it. Paths the user types on the command line (`report --html FILE`) are the user's own and are not
// checked here.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, ProblemCode } from '../problems/problem';
import { ensureRealDir, fsErrorMessage, isRealDir, openReadNoFollow, writeFileAtomic } from '../runs/safe-fs';
import { loadSynthManifest, type ExportRecord } from './synth-manifest';

export interface ExportTarget {
  /** Absolute path of the output file. */
  file: string;
  /** The recipe's folder, the only place a recipe may write. */
  recipeDir: string;
  /** `.passk/synth` beside the recipe: the run folders whose manifests record earlier exports. */
  synthRoot: string;
  force: boolean;
}

const FORCE_HINT = 'run `passk synth --force` to allow it';

/** How the export's path is recorded: relative to the recipe folder when inside it, so a moved project still matches. */
export function exportKey(t: Pick<ExportTarget, 'file' | 'recipeDir'>): string {
  const rel = path.relative(t.recipeDir, t.file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(t.file) : rel.split(path.sep).join('/');
}

function sha256OfFile(file: string): string {
  const fd = openReadNoFollow(file);
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; ; ) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
    return h.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

/** Every export recorded by the synthesis runs of this recipe. */
function recordedExports(synthRoot: string): ExportRecord[] {
  let names: fs.Dirent[];
  try {
    if (!isRealDir(synthRoot)) return [];
    names = fs.readdirSync(synthRoot, { withFileTypes: true });
  } catch {
    return [];
  }
  return names.filter((d) => d.isDirectory()).flatMap((d) => loadSynthManifest(path.join(synthRoot, d.name)).manifest?.exports ?? []);
}

const problem = (code: ProblemCode, file: string, message: string): Problem => ({ code, severity: 'error', file, message });

/** Why the output may not be written (a problem naming the path), or undefined when it may. Never throws. */
export function checkExportTarget(t: ExportTarget): Problem | undefined {
  const rel = path.relative(t.recipeDir, t.file);
  const outside = rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
  if (outside && !t.force) {
    return problem('synth/output-outside', t.file, `The output ${t.file} is outside the recipe's folder ${t.recipeDir}; a recipe may only write inside its own folder. Choose an output under it, or ${FORCE_HINT}.`);
  }
  try {
    if (!outside) {
      // Every existing folder between the recipe folder and the file must be a real folder, not a link.
      let cur = t.recipeDir;
      for (const part of path.dirname(rel).split(path.sep).filter((p) => p && p !== '.')) {
        cur = path.join(cur, part);
        const st = lstat(cur);
        if (!st) break;
        if (st.isSymbolicLink() && !t.force) return problem('synth/output-unsafe', t.file, `The output folder ${cur} is a symbolic link, so the output ${t.file} would be written somewhere else; passk does not follow it. Use a real folder, or ${FORCE_HINT}.`);
        if (!st.isDirectory() && !st.isSymbolicLink()) return problem('synth/output-unsafe', t.file, `The output ${t.file} cannot be written: ${cur} is not a folder.`);
      }
    }
    const st = lstat(t.file);
    if (!st) return undefined;
    if (st.isSymbolicLink()) {
      return t.force ? undefined : problem('synth/output-exists', t.file, `The output ${t.file} is a symbolic link; passk does not write through it. Remove it, or ${FORCE_HINT} (the link itself is then replaced, never its target).`);
    }
    if (!st.isFile()) return problem('synth/output-exists', t.file, `The output ${t.file} exists and is not a regular file.`);
    if (t.force) return undefined;
    const key = exportKey(t);
    const candidates = recordedExports(t.synthRoot).filter((e) => e.path === key && e.size === st.size);
    if (candidates.length && candidates.some((e) => e.sha256 === sha256OfFile(t.file))) return undefined;
    return problem('synth/output-exists', t.file, `The output ${t.file} already exists and passk did not write it (no synthesis run of this recipe exported it, or it changed since); passk does not replace it. Move it away, choose another output, or ${FORCE_HINT}.`);
  } catch (e) {
    return problem('synth/output-unsafe', t.file, `The output ${t.file} cannot be checked: ${fsErrorMessage(e)}.`);
  }
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Writes the output atomically after checking it again; the record to keep in the run's manifest. Throws on I/O. */
export function writeExport(t: ExportTarget, data: string | Buffer): ExportRecord {
  const rel = path.relative(t.recipeDir, t.file);
  const outside = rel.startsWith('..') || path.isAbsolute(rel);
  if (outside || t.force) fs.mkdirSync(path.dirname(t.file), { recursive: true });
  else ensureRealDir(path.dirname(t.file), t.recipeDir);
  writeFileAtomic(t.file, data, { replaceLink: t.force });
  return { path: exportKey(t), sha256: createHash('sha256').update(data).digest('hex'), size: Buffer.byteLength(data), written: new Date().toISOString() };
}
