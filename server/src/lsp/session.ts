// The server's memory of open documents: one analysis per document, keyed by the document's version, so hover,
// completion, definition and diagnostics of the same version share one parse instead of re-analysing per
// request. Files the recipe points at (datasets) are read from disk through `FileLinesCache`, keyed by their
// modification time, only when a diagnostic or related location must be positioned inside them.
import * as fs from 'node:fs';
import type { Problem } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import type { RecipeDoc } from '../recipe/model';

/** What the recipe core said about one version of one document. */
export interface Analysis {
  uri: string;
  version: number;
  /** Absolute path when the document is a file on disk. */
  file?: string | undefined;
  text: string;
  lines: TextLines;
  /** Undefined only when the text is not a recipe at all (e.g. the core gave up on it). */
  doc?: RecipeDoc | undefined;
  problems: Problem[];
  /**
   * True for a draft: the current text with the document of an earlier version (see `Session.draftOf`). Its
   * `doc` spans then point into that earlier text, so a draft is only for names, never for positions.
   */
  stale?: boolean;
}

export interface AnalyzerInput {
  uri: string;
  file?: string | undefined;
  text: string;
  version: number;
}

/** `onParsed`, when given, receives the YAML syntax problems before the rest of the analysis runs. */
export type Analyzer = (input: AnalyzerInput, onParsed?: (syntaxProblems: Problem[]) => void) => AnalyzerOutput;

/** What an analyzer returns: plain data (see TemplateSource), so the analysis worker can send it whole. */
export interface AnalyzerOutput {
  doc?: RecipeDoc | undefined;
  problems: Problem[];
}

export class Session {
  private readonly cache = new Map<string, Analysis>();
  private readonly drafts = new Map<string, { version: number; lines: TextLines }>();

  constructor(private readonly analyzer: Analyzer) {}

  /** The analysis of exactly this version, computed at most once. */
  analysisOf(input: AnalyzerInput): Analysis {
    const hit = this.cached(input);
    if (hit) return hit;
    const { doc, problems } = this.analyzer(input);
    const analysis: Analysis = { ...input, lines: new TextLines(input.text), doc, problems };
    this.cache.set(input.uri, analysis);
    return analysis;
  }

  /** The analysis of exactly this version if one has been made (here or by the analysis worker), else undefined. */
  cached(input: AnalyzerInput): Analysis | undefined {
    const hit = this.cache.get(input.uri);
    return hit && hit.version === input.version && hit.text.length === input.text.length ? hit : undefined;
  }

  /**
   * Keeps an analysis made elsewhere (the analysis worker's, for the version it was asked about), so hover,
   * completion and CodeLens of that version use it instead of analysing the same text again on this thread.
   * An older version never replaces a newer one already kept.
   */
  store(analysis: Analysis): void {
    const hit = this.cache.get(analysis.uri);
    if (hit && hit.version > analysis.version) return;
    this.cache.set(analysis.uri, analysis);
  }

  /**
   * The current text with the newest analysis available, without analysing: completion runs on every
   * keystroke and needs only the names of models, datasets and prompts and where prompts are used, which an
   * analysis one version old still knows. The current version's analysis is returned when it exists already.
   */
  draftOf(input: AnalyzerInput): Analysis {
    const hit = this.cache.get(input.uri);
    if (hit && hit.version === input.version && hit.text.length === input.text.length) return hit;
    // With no earlier analysis to borrow names from, the draft would know no names at all: analyse now (the
    // server waits for the worker's first analysis before it comes to this, see ServerContext.draftReady).
    if (!hit) return this.analysisOf(input);
    const lines = this.drafts.get(input.uri);
    const draftLines = lines && lines.version === input.version ? lines.lines : new TextLines(input.text);
    this.drafts.set(input.uri, { version: input.version, lines: draftLines });
    return { ...input, lines: draftLines, doc: hit?.doc, problems: [], stale: true };
  }

  /** Whether any version of `uri` has been analysed (a draft needs one to borrow names from). */
  hasAny(uri: string): boolean {
    return this.cache.has(uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.drafts.delete(uri);
  }
}

/** Line tables of files on disk, re-read only when the file's size or modification time changes. */
export class FileLinesCache {
  private readonly cache = new Map<string, { key: string; lines: TextLines }>();

  get(file: string): TextLines | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const key = `${stat.size}:${stat.mtimeMs}`;
    const hit = this.cache.get(file);
    if (hit && hit.key === key) return hit.lines;
    try {
      const lines = new TextLines(fs.readFileSync(file, 'utf8'));
      this.cache.set(file, { key, lines });
      return lines;
    } catch {
      return undefined;
    }
  }
}
