// The one place where the custom `passk/…` messages between the VS Code client and the language server are
// declared (DESIGN §6). Both sides import these constants and types, so a renamed method or a changed field is
// a compile error on both ends instead of a silent mismatch at run time. The file holds plain data only: no
// import of vscode-jsonrpc, so the editor-independent core and the client can both use it; the client wraps a
// method in `new RequestType<P, R, void>(X.method)` where its API wants one.
//
// Positions here are LSP positions (0-based line, UTF-16 character), because every message crosses the wire.

/** A zero-based LSP position, repeated here so this file needs no LSP import. */
export interface WirePosition {
  line: number;
  character: number;
}

export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}

/** Settings the client passes as `initializationOptions`; every field is optional. */
export interface InitializationOptions {
  /**
   * Milliseconds to wait after the last edit before a document is analysed (default 150). Tests and the
   * latency benchmark pass 0 so they measure analysis rather than the debounce.
   */
  diagnosticsDelayMs?: number;
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
export const EntriesRequest = { method: 'passk/entries' } as const;
export interface EntriesParams {
  uri: string;
}
export interface EntriesResult {
  entries: RecipeEntry[];
  /** True when the recipe currently has error diagnostics (the client may refuse to start a run). */
  hasErrors: boolean;
}

/** Renders the prompts of an evaluation or synthesis entry for the first few problems (no model call). */
export const PreviewRequest = { method: 'passk/preview' } as const;
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

// ---------------------------------------------------------------------------------------------------------
// Notifications from the client to the server.

/**
 * Tells the server that a run folder changed (a run finished or was resumed), so it can refresh CodeLens,
 * inlay hints and run diagnostics for the recipe that owns it.
 */
export const RunsChangedNotification = { method: 'passk/runsChanged' } as const;
export interface RunsChangedParams {
  /** URI of the recipe whose `.passk/` folder changed. */
  uri: string;
}

// ---------------------------------------------------------------------------------------------------------
// Notifications from the server to the client.

/** Sent after the server analysed a recipe version, so a client view (e.g. the report) can update itself. */
export const AnalyzedNotification = { method: 'passk/analyzed' } as const;
export interface AnalyzedParams {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
}

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
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
