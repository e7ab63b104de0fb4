// The server's side of run results: which recipes evaluate an open dataset file, and the diagnostics that runs
// add to recipes (`expect` warnings) and dataset files (never solved, unstable, gold not extractable). It
// refreshes them after a run changed, at most once a second while samples arrive, and asks the client to
// re-request CodeLens and inlay hints. Everything it shows is computed by the pure core in server/src/insights,
// and everything derived from run folders is kept in the one RunViewCache (insights/run-view-cache.ts); what
// stays here is the editor's own state: refresh timers, the diagnostics last sent, open documents' line indexes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, Diagnostic, InitializeParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../../problems/problem';
import { TextLines } from '../../text/text-lines';
import { runsRoot } from '../../eval';
import { datasetInsights, expectProblems, RunViewCache, type EvalRunView, type InsightOptions } from '../../insights';
import type { RunSummary } from '../../runs/run-summary';
import type { RecipeDoc } from '../../recipe/model';
import { toDiagnostic, uriToPath } from '../convert';
import { guardVoid } from '../guard';
import type { Analysis } from '../session';
import { readRunSettings, type RunSettings } from './run-settings';
import { DiskRecipes, entriesEvaluating, findRecipeFiles, isRecipePath } from './workspace-recipes';
import type { RunSupervisor } from '../run-supervisor';

/** The publisher source name under which run diagnostics are merged with the recipe analysis' own. */
export const RUN_DIAGNOSTICS_SOURCE = 'passk/run-results';

export interface RunFeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analysisOf(uri: string): Analysis | undefined;
  /** The same analysis, waiting for the analysis worker's when it is already being made (ServerContext.analysisReady). */
  analysisReady(uri: string): Promise<Analysis | undefined>;
  env: NodeJS.ProcessEnv;
  docsFile: string;
  /** Opens the sealed API keys of run and live-preview requests (protocol/key-envelope.ts). */
  sessionKey?: Buffer;
  /** Sets the diagnostics `source` adds to `uri`; the publisher merges them with every other set for that file. */
  contribute(uri: string, source: string, diagnostics: Diagnostic[]): void;
  /** Starts runs in child processes; absent when the server has no CLI beside it (runs are then refused). */
  supervisor?: RunSupervisor;
}

/** A dataset file's run: the recipe and entry it came from, and the view of it. */
export interface DatasetRun {
  doc: RecipeDoc;
  entry: string;
  view: EvalRunView;
}

const REFRESH_MS = 1000;
/** How many workspace recipes have their runs read ahead when the server starts (see prefetch). */
const PREFETCH_RECIPES = 16;

/** Whether the recipe at `file` has a `.passk/` run folder beside it (a cheap test before any analysis). */
function hasRunFolder(file: string): boolean {
  return fs.existsSync(runsRoot(file));
}

export class RunInsights {
  settings: RunSettings = readRunSettings(undefined);
  private roots: string[] = [];
  private refreshSupport = { codeLens: false, inlayHint: false };
  /** Whether the client can watch run folders for us (runs made by the CLI or another window). */
  watchSupport = false;
  private readonly disk: DiskRecipes;
  /** Summaries, sample indexes, plans and views of runs, so refreshes and hovers never re-read a whole run. */
  readonly cache = new RunViewCache();
  private recipeList: { at: number; key: string; files: string[] } | undefined;
  private readonly lastSent = new Map<string, string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private readonly docTimers = new Map<string, NodeJS.Timeout>();
  /** The run dataset lines are compared with ("passk: Compare with…"); none until the user picks one. */
  baseline: { dir: string; summary: RunSummary } | undefined;

  constructor(readonly deps: RunFeatureDeps) {
    this.disk = new DiskRecipes(deps.env);
  }

  initialize(params: InitializeParams): void {
    this.settings = readRunSettings(params.initializationOptions);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [];
    const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
    this.roots = [...new Set([...folders, ...(folders.length === 0 && root ? [root] : [])].filter((f): f is string => !!f))];
    this.refreshSupport = {
      codeLens: params.capabilities.workspace?.codeLens?.refreshSupport === true,
      inlayHint: params.capabilities.workspace?.inlayHint?.refreshSupport === true,
    };
    this.watchSupport = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  }

  isRecipe(uri: string): boolean {
    const d = this.deps.documents.get(uri);
    return d?.languageId === 'passk-recipe' || isRecipePath(uriToPath(uri) ?? uri);
  }

  isDataset(uri: string): boolean {
    return !this.isRecipe(uri) && /\.jsonl?$/i.test(uriToPath(uri) ?? uri);
  }

  /** The recipe at `uri`: the open document's analysis, else the file on disk. */
  recipe(uri: string): { doc: RecipeDoc; problems: Problem[] } | undefined {
    const a = this.deps.analysisOf(uri);
    if (a?.doc) return { doc: a.doc, problems: a.problems.filter((p) => p.file === undefined || p.file === a.file) };
    const file = uriToPath(uri);
    const doc = file ? this.disk.get(file) : undefined;
    return doc ? { doc, problems: [] } : undefined;
  }

  /** The run `entry` of `doc` shows now (see RunViewCache.view). */
  evalView(doc: RecipeDoc, entry: string): Promise<EvalRunView | undefined> {
    return this.cache.view(doc, entry, this.settings.datasetRun);
  }

  /** Marks a run as in progress (live views) or finished. */
  setActive(doc: RecipeDoc, entry: string, active: boolean): void {
    this.cache.setActive(doc, entry, active);
  }

  /** Forgets every cached view of the recipe at `file` (all recipes when absent). */
  invalidate(file?: string): void {
    this.cache.forget(file);
  }

  /** Forgets the views of every recipe whose run folder holds `changedFile`, and the workspace recipe list. */
  runFileChanged(changedFile: string): void {
    this.cache.runFileChanged(changedFile);
    this.recipeList = undefined;
  }

  private recipeFilesNear(datasetFile: string): string[] {
    return this.recipeFilesIn(this.roots.length ? this.roots : [path.dirname(datasetFile), path.dirname(path.dirname(datasetFile))]);
  }

  private recipeFilesIn(roots: string[]): string[] {
    const key = roots.join('\0');
    const now = Date.now();
    if (this.recipeList && this.recipeList.key === key && now - this.recipeList.at < 5000) return this.recipeList.files;
    const files = findRecipeFiles(roots);
    this.recipeList = { at: now, key, files };
    return files;
  }

  /**
   * Reads the runs of the workspace's recipes before anything asks for them, so that opening a dataset file
   * shows its hints without first reading (and checking) a summary of megabytes. The views land in the same
   * cache the requests use; a request that comes first simply shares the read in progress. Only run files are
   * read, as the requests would, and at most PREFETCH_RECIPES recipes, so a huge workspace costs no more.
   */
  async prefetch(): Promise<void> {
    if (!this.settings.inlayHints || this.roots.length === 0) return;
    const t0 = Date.now();
    const files = this.recipeFilesIn(this.roots).filter(hasRunFolder).slice(0, PREFETCH_RECIPES);
    let views = 0;
    for (const f of files) {
      const doc = this.disk.get(f);
      if (!doc) continue;
      for (const def of doc.evaluate.values()) if (await this.evalView(doc, def.name)) views++;
    }
    // Said in the output channel, so a slow first screen can be told apart from runs still being read.
    this.deps.connection.console.log(`passk: read ${views} run${views === 1 ? '' : 's'} of ${files.length} recipe${files.length === 1 ? '' : 's'} ahead in ${Date.now() - t0} ms.`);
  }

  /** The newest run over every recipe entry (open recipes first, then the workspace's) evaluating `datasetFile`. */
  async datasetRun(datasetFile: string): Promise<DatasetRun | undefined> {
    const docs: RecipeDoc[] = [];
    const open = new Set<string>();
    for (const d of this.deps.documents.all()) {
      const file = uriToPath(d.uri);
      if (!this.isRecipe(d.uri) || (file && !hasRunFolder(file))) continue;
      const doc = this.deps.analysisOf(d.uri)?.doc;
      if (doc) {
        docs.push(doc);
        open.add(doc.file);
      }
    }
    for (const f of this.recipeFilesNear(datasetFile)) {
      if (open.has(f) || !hasRunFolder(f)) continue;
      const doc = this.disk.get(f);
      if (doc) docs.push(doc);
    }
    let best: DatasetRun | undefined;
    for (const doc of docs) {
      for (const entry of entriesEvaluating(doc, datasetFile)) {
        const view = await this.evalView(doc, entry);
        if (view && (!best || view.summary.updated > best.view.summary.updated)) best = { doc, entry, view };
      }
    }
    return best;
  }

  private readonly lineIndexes = new Map<string, { version: number; lines: TextLines }>();

  /** The line index of an open document's current version, built once per version (a MATH file is 4 MB). */
  linesOf(document: TextDocument): TextLines {
    const hit = this.lineIndexes.get(document.uri);
    if (hit && hit.version === document.version) return hit.lines;
    const lines = new TextLines(document.getText());
    this.lineIndexes.set(document.uri, { version: document.version, lines });
    return lines;
  }

  /** How `run` is shown in `file`: hint placement, finding levels and the baseline from the settings. */
  insightOptions(file: string, run: DatasetRun): InsightOptions {
    const s = this.settings;
    // A run is never its own baseline: comparing it with itself would only print "=" on every line.
    const baseline = this.baseline && this.baseline.summary.runDir !== run.view.summary.runDir ? { summary: this.baseline.summary, threshold: s.regressionThreshold } : undefined;
    return { file, stale: !run.view.current, placement: s.hintPlacement, levels: s.findingLevels, ...(baseline ? { baseline } : {}) };
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    const text = JSON.stringify(diagnostics);
    if ((this.lastSent.get(uri) ?? '[]') === text) return;
    this.lastSent.set(uri, text);
    this.deps.contribute(uri, RUN_DIAGNOSTICS_SOURCE, diagnostics);
  }

  /** Recomputes the run diagnostics of one open document (expect warnings or dataset-line diagnostics). */
  async refreshDocument(uri: string): Promise<void> {
    const document = this.deps.documents.get(uri);
    if (!document) return;
    const lines = this.linesOf(document);
    const file = uriToPath(uri);
    const problems: Problem[] = [];
    if (this.isRecipe(uri)) {
      // A recipe without a run folder has no run results; it is not analysed here just to find that out (the
      // diagnostics analysis of a large recipe runs off the main thread, and this must not undo that).
      if (file && !hasRunFolder(file)) return this.send(uri, []);
      const a = this.deps.analysisOf(uri);
      if (!a?.doc) return this.send(uri, []);
      for (const def of a.doc.evaluate.values()) {
        const view = await this.evalView(a.doc, def.name);
        if (view) problems.push(...expectProblems(def, view));
      }
    } else if (this.isDataset(uri) && file) {
      const run = await this.datasetRun(file);
      if (run) problems.push(...datasetInsights(run.view.summary, lines, { ...this.insightOptions(file, run), hints: false }).problems);
    } else return;
    // The document may have closed while the run was being read; a closed file keeps no run diagnostics.
    if (!this.deps.documents.get(uri)) return;
    const target = { uri, ...(file ? { file } : {}), lines };
    this.send(uri, problems.map((p) => toDiagnostic({ ...p, file: undefined }, target, this.deps.docsFile, () => undefined)));
  }

  /** Withdraws a closed document's run diagnostics. */
  closed(uri: string): void {
    this.lineIndexes.delete(uri);
    const t = this.docTimers.get(uri);
    if (t) clearTimeout(t);
    this.docTimers.delete(uri);
    if (this.lastSent.has(uri)) {
      this.lastSent.delete(uri);
      this.deps.contribute(uri, RUN_DIAGNOSTICS_SOURCE, []);
    }
  }

  /** Refreshes one document after `delayMs` (edits come in bursts; only the last one is worth reading). */
  scheduleDocument(uri: string, delayMs: number): void {
    const t = this.docTimers.get(uri);
    if (t) clearTimeout(t);
    this.docTimers.set(
      uri,
      setTimeout(() => {
        this.docTimers.delete(uri);
        this.refreshDocument(uri).catch((e: unknown) => this.logFailure('run diagnostics', e));
      }, delayMs),
    );
  }

  /** Refreshes everything that shows runs, at most once per second; calls in between coalesce. */
  requestRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.lastRefresh = Date.now();
      void this.refreshAll();
    }, wait);
  }

  /** Refreshes now (the end of a run must show its final figures without waiting for the throttle). */
  async refreshAll(): Promise<void> {
    this.lastRefresh = Date.now();
    for (const d of this.deps.documents.all()) {
      try {
        await this.refreshDocument(d.uri);
      } catch (e) {
        this.logFailure('run diagnostics', e);
      }
    }
    const c = this.deps.connection;
    // The throttle counts from when the client is asked, the moment it observes; reading the runs above may
    // take a variable time.
    this.lastRefresh = Date.now();
    if (this.refreshSupport.codeLens) c.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (this.refreshSupport.inlayHint) c.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  }

  private logFailure(what: string, e: unknown): void {
    guardVoid(this.deps.connection.console, what, () => {
      throw e;
    });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const t of this.docTimers.values()) clearTimeout(t);
  }
}
