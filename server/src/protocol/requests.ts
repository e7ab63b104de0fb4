// The one place where the custom `passk/…` messages between the VS Code client and the language server are
// declared (docs/architecture.md). Each is declared once with `defineRequest<P, R>` or `defineNotification<P>`:
// its method, its parameter and result types, and the shape the server checks its parameters against before a
// handler sees them (server/src/lsp/typed-handlers.ts). The client sends through the same declarations
// (client/src/server-requests.ts), so a renamed method or a changed field is a compile error on both ends. The
// file holds plain data only: no import of vscode-jsonrpc, so the editor-independent core can use it too.
//
// Positions here are LSP positions (0-based line, UTF-16 character), because every message crosses the wire.
import { defineNotification, defineRequest } from './define';
import type { SealedKeys } from './key-envelope';
import { any, bool, int, listOf, obj, oneOf, optional, orNull, str, token } from './shape';
import type { ModelEndpoint } from '../sampling/secrets';

export type { SealedKeys } from './key-envelope';
export type { ModelEndpoint } from '../sampling/secrets';
import type { CompareViewModel, LivePreviewViewModel, ProblemViewModel, ReportViewModel, SeriesViewModel } from '../report/render-view';
export type { CompareViewModel, LivePreviewViewModel, ProblemViewModel, ReportViewModel, SeriesViewModel, ViewModel } from '../report/render-view';

/** A zero-based LSP position, repeated here so this file needs no LSP import. */
export interface WirePosition {
  line: number;
  character: number;
}

export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}

/**
 * Settings the client passes as `initializationOptions`; every field is optional, and the server reads each
 * with a fallback (lsp/settings.ts, handlers/run-settings.ts), so an older or newer client never breaks it.
 */
export interface InitializationOptions {
  /**
   * Milliseconds to wait after the last edit before a document is analysed (default 150). Tests and the
   * latency benchmark pass 0 so they measure analysis rather than the debounce.
   */
  diagnosticsDelayMs?: number;
  /**
   * Analyse for diagnostics in a worker thread (default true), keeping the message loop free for hover and
   * completion while a large recipe is checked. False analyses on the message loop (used to compare both).
   */
  analysisInWorker?: boolean;
  /** False in an untrusted workspace: the server must then never call a model nor start a run. */
  workspaceTrusted?: boolean;
  /** Run folder relative to each recipe (default `.passk`). */
  runFolder?: string;
  /** Concurrency for editor runs when a model sets none (absent: the recipe's value or the engine default). */
  defaultConcurrency?: number;
  /** Whether dataset files get pass@k inlay hints. */
  inlayHints?: boolean;
  /** Which run a dataset file shows: the newest one, or only one whose fingerprint matches the recipe now. */
  datasetRun?: 'latest' | 'matchingFingerprint';
  /** Where a dataset line's hint sits: a short pass@1 before the text (default) or the full figures after it. */
  hintPlacement?: 'start' | 'end';
  /**
   * The level of each kind of run finding on dataset lines: 'error' | 'warning' | 'information' | 'hint' | 'off'
   * for goldNotExtractable, neverSolved, unstable, regressed and the summary line (insights/finding-levels.ts).
   */
  runDiagnostics?: Record<string, string>;
  /** A drop of pass@1 against the baseline run by at least this much (0..1) is a regression (default 0.2). */
  regressionThreshold?: number;
}

/** Which kind of entry of a recipe a request is about. */
export type EntryKind = 'models' | 'datasets' | 'prompts' | 'synthesize' | 'evaluate';

/** One named entry of a recipe, as listed for quick picks and CodeLens. */
export interface RecipeEntry {
  kind: EntryKind;
  name: string;
  /** Range of the entry's key. */
  range: WireRange;
}

// ---------------------------------------------------------------------------------------------------------
// Requests from the client to the server.

/** Lists the named entries of a recipe (e.g. to let the user pick which evaluation to run). */
export interface EntriesParams {
  uri: string;
}
export interface EntriesResult {
  entries: RecipeEntry[];
  /** True when the recipe currently has error diagnostics (the client may refuse to start a run). */
  hasErrors: boolean;
}
export const EntriesRequest = defineRequest<EntriesParams, EntriesResult>('passk/entries', obj({ uri: str }));

/** Renders the prompts of an evaluation or synthesis entry for the first few problems (no model call). */
export interface PreviewParams {
  uri: string;
  /** Entry name under `evaluate` or `synthesize`; absent means the first one. */
  entry?: string;
  /** How many problems to render (default 3). */
  limit?: number;
}
export interface PreviewMessage {
  role: 'system' | 'user';
  content: string;
}
export interface PreviewItem {
  /** Problem id (the dataset's id field or its 1-based line number). */
  problem: string;
  messages: PreviewMessage[];
}
export interface PreviewResult {
  entry: string;
  items: PreviewItem[];
  /** Full-sentence explanations of why some or all items could not be rendered. */
  problems: string[];
}
export const PreviewRequest = defineRequest<PreviewParams, PreviewResult>('passk/preview', obj({ uri: str, entry: optional(str), limit: optional(int) }));

// ---------------------------------------------------------------------------------------------------------
// Notifications from the client to the server.

/**
 * Tells the server that a run folder changed (a run finished or was resumed), so it can refresh CodeLens,
 * inlay hints and run diagnostics for the recipe that owns it.
 */
export interface RunsChangedParams {
  /** URI of the recipe whose `.passk/` folder changed. */
  uri: string;
}
export const RunsChangedNotification = defineNotification<RunsChangedParams>('passk/runsChanged', obj({ uri: optional(str) }));

// ---------------------------------------------------------------------------------------------------------
// Notifications from the server to the client.

/** Sent after the server analysed a recipe version, so a client view (e.g. the report) can update itself. */
export interface AnalyzedParams {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
}
export const AnalyzedNotification = defineNotification<AnalyzedParams>('passk/analyzed', obj({ uri: str, version: int, errors: int, warnings: int }));

// ---------------------------------------------------------------------------------------------------------
// `workspace/executeCommand` and client command ids. CodeLenses the server produces carry these ids; the client
// registers a VS Code command with the same id.

export const Commands = {
  /** Arguments: [uri: string, entry: string]. */
  runEvaluation: 'passk.runEvaluation',
  /** Arguments: [uri: string, entry: string]. */
  runSynthesis: 'passk.runSynthesis',
  /** Arguments: [uri: string, entry?: string]. */
  previewProblems: 'passk.previewProblems',
  /** Arguments: [uri: string, entry?: string] — a live preview that calls the generator model. */
  previewLive: 'passk.previewLive',
  /** Arguments: [uri: string, entry: string]. */
  openReport: 'passk.openReport',
  /** Arguments: [problem?: string, uri?: string, entry?: string, runDir?: string]; asks for the problem id when absent. */
  showProblem: 'passk.showProblem',
  /** Arguments: [runDirs?: string[]]; shows a quick pick of the workspace's runs when absent. */
  compareRuns: 'passk.compareRuns',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

// =========================================================================================================
// Client-engineer block (VS Code client): runs started from the editor, the report view and workspace trust.
// Declared here so the server can implement them against the same types; the client already calls them and
// tells the user plainly when the server answers "method not found".

/**
 * Chooses the baseline run dataset lines are compared with ("passk: Compare with…"): the run folder's path or
 * file URI (the folder holding summary.json), or null to compare with nothing. The answer names the run, or
 * says why it cannot be used; the server then refreshes hints and diagnostics.
 */
export interface CompareWithParams {
  run: string | null;
}
export interface CompareWithResult {
  /** The baseline's run folder name when one is set. */
  run?: string;
  entry?: string;
  problems: string[];
}

/**
 * The problems of the run a dataset file shows, for the results view: every row with a line, sorted by pass@1
 * (lowest first), with the findings of each. Empty when the file has no run.
 */
export interface DatasetResultsParams {
  uri: string;
}
export interface DatasetResultRow {
  problem: string;
  line: number;
  passAt1: number;
  delta?: number;
  n: number;
  correct: number;
  flags: string[];
}
export interface DatasetResultsResult {
  entry?: string;
  run?: string;
  baseline?: string;
  rows: DatasetResultRow[];
}

export const CompareWithRequest = defineRequest<CompareWithParams, CompareWithResult>('passk/compareWith', obj({ run: orNull(str) }));
export const DatasetResultsRequest = defineRequest<DatasetResultsParams, DatasetResultsResult>('passk/datasetResults', obj({ uri: str }));

/** Sent when the user trusts the workspace after the server started (trust is never revoked without a reload). */
export interface WorkspaceTrustParams {
  trusted: boolean;
}
export const WorkspaceTrustNotification = defineNotification<WorkspaceTrustParams>('passk/workspaceTrust', obj({ trusted: bool }));

/**
 * Starts an evaluation or synthesis run of one recipe entry. The server reports work-done progress on
 * `workDoneToken` (begin/report with percentage and a message such as "120/512 samples"/end) and stops the run
 * when the request is cancelled (`$/cancelRequest`), keeping the samples already written so a rerun resumes.
 * The server answers an error when the workspace is untrusted.
 */
export interface RunParams {
  uri: string;
  kind: 'evaluate' | 'synthesize';
  entry: string;
  /** Optional problem limit (as `--limit` on the CLI). */
  limit?: number;
  /**
   * API keys the user stored in VS Code's SecretStorage, sealed under the session key (key-envelope.ts) for
   * this method. Inside, each key is filed under its binding, origin + " " + model id
   * (server/src/sampling/secrets.ts), and the server sends it only to a replica with that origin and model id.
   * Opened keys live only in the server's memory for the run: never written, logged, or echoed in results or
   * errors. Plain keys are refused, because a traced LSP message would show them.
   */
  sealedKeys?: SealedKeys;
  workDoneToken?: string | number;
}
export interface RunResult {
  entry: string;
  /** Absolute path of the run folder. */
  runDir: string;
  /** False when the run was cancelled or stopped on an error; the samples written so far are kept. */
  completed: boolean;
  /** Samples that exist now, and how many the entry asks for. */
  samples: number;
  expectedSamples: number;
  /** pass@k by k as fractions in [0, 1] (`passAtK`, README.md, "The CLI"), for the completion message. */
  passAtK: Record<string, number>;
  /** Full-sentence problems (e.g. a model answered 401); empty when all went well. */
  problems: string[];
}
export const RunRequest = defineRequest<RunParams, RunResult>('passk/run', obj({ uri: str, kind: oneOf('evaluate', 'synthesize'), entry: str, limit: optional(int), sealedKeys: optional(any), workDoneToken: optional(token) }));

/**
 * The report of an entry's latest run (or of one run folder) as data: a `ViewModel` (server/src/report/
 * render-view.ts) that the client turns into a page with the same `renderView` that `passk report --html` uses,
 * and frames in a webview whose Content-Security-Policy allows only its nonce'd style and the views' constant
 * script (docs/reports.md). Charts are inline SVG.
 */
export interface ReportParams {
  /** The recipe; with `entry` absent the server picks the first evaluation that has a run. */
  uri?: string;
  entry?: string;
  /** A run folder, instead of `uri` + `entry`. */
  runDir?: string;
}
export interface ReportResult {
  title: string;
  /**
   * What the report shows: one run, or for an entry with a `series` the series of its checkpoints' runs; absent
   * when there is no run yet, and `problems` then says why.
   */
  view?: ReportViewModel | SeriesViewModel;
  /** The entry whose run is shown (when known), so the view can open a problem's samples. */
  entry?: string;
  runDir?: string;
  problems: string[];
}
export const ReportRequest = defineRequest<ReportParams, ReportResult>('passk/report', obj({ uri: optional(str), entry: optional(str), runDir: optional(str) }));

/**
 * One problem of a run in the sample browser: its question (when the recipe is given), gold answer, answer
 * histogram and samples, as a `ViewModel` for `renderView`. Reading never calls a model.
 */
export interface ProblemParams {
  /** The recipe and entry, for the question; with `runDir` absent the entry's run is the one the report shows. */
  uri?: string;
  entry?: string;
  runDir?: string;
  problem: string;
}
export interface ProblemResult {
  title: string;
  view?: ProblemViewModel;
  problems: string[];
}
export const ProblemRequest = defineRequest<ProblemParams, ProblemResult>('passk/problem', obj({ uri: optional(str), entry: optional(str), runDir: optional(str), problem: str }));

/**
 * Several runs compared (`passk compare` in the editor): the first is the baseline. The view is the
 * comparison the CLI prints as JSON, with the intervals its charts draw.
 */
export interface CompareParams {
  runDirs: string[];
  /** Labels to show, one per run folder (default: entry and folder name). */
  labels?: string[];
}
export interface CompareResult {
  title: string;
  view?: CompareViewModel;
  problems: string[];
}
export const CompareRequest = defineRequest<CompareParams, CompareResult>('passk/compare', obj({ runDirs: listOf(str), labels: optional(listOf(str)) }));

/**
 * The live preview (client block): a synthesis entry's pipeline on its first few seeds, calling the generator,
 * verifier and solver models (server/src/preview/preview-live.ts). Trusted workspaces only, like runs. The
 * server answers the candidates (seed, generated problem, verdict, solutions, filter outcome) as a `ViewModel`,
 * with the request's keys redacted and long texts cut, which the client renders with `renderView` like the
 * report (no scripts, no external resources, the theme's colours); the request is cancellable.
 */
export interface LivePreviewParams {
  uri: string;
  /** Entry name under `synthesize`; absent means the first one. */
  entry?: string;
  /** How many seeds to try (default 2). */
  limit?: number;
  /** As in RunParams: from SecretStorage, sealed for `passk/previewLive`, for this request only. */
  sealedKeys?: SealedKeys;
  workDoneToken?: string | number;
}
export interface LivePreviewResult {
  title: string;
  /** What the preview shows; absent when nothing could be tried, and `problems` then says why. */
  view?: LivePreviewViewModel;
  problems: string[];
}
export const LivePreviewRequest = defineRequest<LivePreviewParams, LivePreviewResult>('passk/previewLive', obj({ uri: str, entry: optional(str), limit: optional(int), sealedKeys: optional(any), workDoneToken: optional(token) }));

/**
 * The endpoints of the models an entry uses (all models of the recipe when `entry` is absent): each model's id,
 * the origin of every base URL with `${env:…}` resolved by the server, and whether the recipe brings its own
 * key. The client looks up stored keys by these bindings and asks for a missing one naming the origin. No
 * secret is read to answer it, so it works in an untrusted workspace too.
 */
export interface ModelEndpointsParams {
  uri: string;
  kind?: 'evaluate' | 'synthesize';
  entry?: string;
}
export interface ModelEndpointsResult {
  models: ModelEndpoint[];
}
export const ModelEndpointsRequest = defineRequest<ModelEndpointsParams, ModelEndpointsResult>('passk/modelEndpoints', obj({ uri: str, kind: optional(oneOf('evaluate', 'synthesize')), entry: optional(str) }));
