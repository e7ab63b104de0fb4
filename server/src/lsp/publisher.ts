// Publishes diagnostics, including those a recipe causes in other files (a dataset line that is not valid
// JSON is shown in the dataset file itself). Each target file's set is the union of its own diagnostics and
// those every open recipe contributed to it, so two recipes sharing a dataset do not erase each other's
// findings, and closing a recipe withdraws exactly what it had added.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../problems/problem';
import type { TextLines } from '../text/text-lines';
import { pathToUri, toDiagnostic } from './convert';
import type { Analysis } from './session';

export interface PublishSink {
  sendDiagnostics(params: { uri: string; version?: number; diagnostics: Diagnostic[] }): void;
}

/**
 * The analysis's problems plus, for each related location in another file, a mirrored problem shown in that
 * file: a recipe-level "line 4 of the dataset is not valid JSON" then also appears on line 4 of the dataset,
 * with a related link back to the recipe.
 */
function withMirrors(analysis: Analysis): Problem[] {
  const out: Problem[] = [];
  for (const p of analysis.problems) {
    out.push(p);
    const own = p.file === undefined || p.file === analysis.file;
    if (!own) continue;
    for (const r of p.related ?? []) {
      if (r.file === undefined || r.file === analysis.file) continue;
      const back = analysis.file && p.span ? [{ message: p.message, file: analysis.file, span: p.span }] : undefined;
      out.push({ code: p.code, severity: p.severity, message: r.message, file: r.file, span: r.span, ...(back ? { related: back } : {}) });
    }
  }
  return out;
}

export class DiagnosticPublisher {
  private readonly own = new Map<string, Diagnostic[]>();
  /** target uri → source (a recipe uri, or a contributor's name) → diagnostics it placed in the target. */
  private readonly foreign = new Map<string, Map<string, Diagnostic[]>>();
  /** source recipe uri → target uris it placed diagnostics in, so a later analysis can withdraw them. */
  private readonly targetsOf = new Map<string, Set<string>>();

  constructor(
    private readonly sink: PublishSink,
    private readonly docsFile: string,
    /** Line table of another file (an open document's text, else the file on disk). */
    private readonly linesOf: (file: string) => TextLines | undefined,
  ) {}

  publish(analysis: Analysis): void {
    const mine: Diagnostic[] = [];
    const elsewhere = new Map<string, { file: string; problems: Problem[] }>();
    for (const p of withMirrors(analysis)) {
      if (p.file === undefined || p.file === analysis.file) {
        mine.push(toDiagnostic(p, { uri: analysis.uri, file: analysis.file, lines: analysis.lines }, this.docsFile, this.linesOf));
      } else {
        const uri = pathToUri(p.file);
        const group = elsewhere.get(uri) ?? { file: p.file, problems: [] };
        group.problems.push(p);
        elsewhere.set(uri, group);
      }
    }
    const before = this.targetsOf.get(analysis.uri) ?? new Set<string>();
    const after = new Set<string>();
    for (const [uri, { file, problems }] of elsewhere) {
      const lines = this.linesOf(file);
      // A problem in a file that cannot be read is still worth showing: its span means nothing in the recipe, so
      // it is reported at the recipe's start with the file named in the message.
      if (!lines) {
        for (const p of problems) {
          const moved = { ...p, file: undefined, span: { start: 0, end: 0 }, message: `${p.message} (in ${file})` };
          mine.push(toDiagnostic(moved, { uri: analysis.uri, file: analysis.file, lines: analysis.lines }, this.docsFile, this.linesOf));
        }
        continue;
      }
      const diags = problems.map((p) => toDiagnostic(p, { uri, file, lines }, this.docsFile, this.linesOf));
      const bySource = this.foreign.get(uri) ?? new Map<string, Diagnostic[]>();
      bySource.set(analysis.uri, diags);
      this.foreign.set(uri, bySource);
      after.add(uri);
      this.send(uri);
    }
    this.own.set(analysis.uri, mine);
    this.send(analysis.uri, analysis.version);
    for (const uri of before) {
      if (after.has(uri)) continue;
      this.foreign.get(uri)?.delete(analysis.uri);
      this.send(uri);
    }
    this.targetsOf.set(analysis.uri, after);
  }

  /**
   * Sets the diagnostics another producer (e.g. run results, under its own `source` name) adds to `uri`; they
   * are published merged with everything else shown for that file. An empty list withdraws them.
   */
  contribute(uri: string, source: string, diagnostics: Diagnostic[]): void {
    const bySource = this.foreign.get(uri) ?? new Map<string, Diagnostic[]>();
    // Nothing before and nothing now: republishing would only make clients redraw.
    if (!diagnostics.length && !bySource.has(source)) return;
    if (diagnostics.length) bySource.set(source, diagnostics);
    else bySource.delete(source);
    this.foreign.set(uri, bySource);
    this.send(uri);
  }

  /** Withdraws a closed recipe's own diagnostics and everything it placed in other files. */
  close(uri: string): void {
    this.own.delete(uri);
    this.send(uri);
    for (const target of this.targetsOf.get(uri) ?? []) {
      this.foreign.get(target)?.delete(uri);
      this.send(target);
    }
    this.targetsOf.delete(uri);
  }

  private send(uri: string, version?: number): void {
    const diagnostics = [...(this.own.get(uri) ?? [])];
    for (const list of this.foreign.get(uri)?.values() ?? []) diagnostics.push(...list);
    this.sink.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }
}
