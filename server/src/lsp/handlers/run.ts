// `passk/run`: runs an evaluation or synthesis entry of a recipe from the editor. Progress goes out as LSP
// work-done progress on the client's token; `$/cancelRequest` aborts the run within the engine's cancel latency
// while the samples already written stay for a resume. API keys arrive sealed (request-keys.ts) and live only
// in this call: they are handed to the engine, which sends each only to the endpoint it is bound to, scrubbed
// from every message that goes back, and never stored or logged. In an untrusted workspace the request is
// refused before anything is read, opened or sent.
import {
  ErrorCodes,
  ResponseError,
  WorkDoneProgress,
  type CancellationToken,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';
import { hasErrors } from '../../core/problem';
import { runEvaluation } from '../../eval';
import { RunRequest, type RunParams, type RunResult } from '../../protocol/requests';
import type { RecipeDoc } from '../../recipe/model';
import { runSynthesis } from '../../synthesis/run-synthesis';
import { progressText } from '../../synthesis/progress-text';
import { requestKeys, type RequestKeys } from './request-keys';
import type { RunInsights } from './run-insights';

interface CheckedRun {
  params: RunParams;
  keys: RequestKeys;
}

function checkParams(p: unknown, sessionKey: Buffer | undefined): CheckedRun {
  const o = (typeof p === 'object' && p !== null ? p : {}) as Partial<RunParams> & { apiKeys?: unknown };
  if (typeof o.uri !== 'string' || (o.kind !== 'evaluate' && o.kind !== 'synthesize') || typeof o.entry !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'passk/run needs "uri", "kind" ("evaluate" or "synthesize") and "entry".');
  }
  const keys = requestKeys(o, sessionKey, RunRequest.method);
  const limit = typeof o.limit === 'number' && Number.isInteger(o.limit) && o.limit > 0 ? o.limit : undefined;
  const token = typeof o.workDoneToken === 'string' || typeof o.workDoneToken === 'number' ? o.workDoneToken : undefined;
  return { params: { uri: o.uri, kind: o.kind, entry: o.entry, ...(limit ? { limit } : {}), ...(token !== undefined ? { workDoneToken: token } : {}) }, keys };
}

type Progress = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void;

/**
 * The recipe with the editor's default concurrency applied to every model whose entry does not set
 * `concurrency` itself (the parsed model always holds a number, so the entry's own text is what tells).
 * Concurrency is not part of the run fingerprint, so the run folder is the same either way.
 */
export function withDefaultConcurrency(doc: RecipeDoc, concurrency: number | undefined): RecipeDoc {
  if (concurrency === undefined) return doc;
  const models = new Map(doc.models);
  for (const [name, m] of doc.models) {
    if (!/(^|[\s{,])concurrency\s*:/.test(doc.text.slice(m.span.start, m.span.end))) models.set(name, { ...m, concurrency });
  }
  return { ...doc, models };
}

/** Runs in progress, so a second start of the same entry is refused instead of fighting over its run lock. */
const running = new Set<string>();

export async function runEntry(insights: RunInsights, raw: unknown, cancel: CancellationToken): Promise<RunResult> {
  if (!insights.settings.workspaceTrusted) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'passk does not run models in an untrusted workspace; trust the workspace (Workspaces: Manage Workspace Trust) to run evaluations and syntheses.');
  }
  const { params, keys } = checkParams(raw, insights.deps.sessionKey);
  const recipe = insights.recipe(params.uri);
  if (!recipe) throw new ResponseError(ErrorCodes.InvalidParams, `The recipe ${params.uri} is neither open nor readable on disk.`);
  const doc = withDefaultConcurrency(recipe.doc, insights.settings.defaultConcurrency);
  if (hasErrors(recipe.problems)) {
    const first = recipe.problems.find((p) => p.severity === 'error')!;
    throw new ResponseError(ErrorCodes.InvalidRequest, keys.scrub(`The recipe has errors; fix them before running (first: ${first.message})`));
  }
  const defined = params.kind === 'evaluate' ? doc.evaluate.has(params.entry) : doc.synthesize.has(params.entry);
  if (!defined) throw new ResponseError(ErrorCodes.InvalidParams, `The recipe has no ${params.kind} entry named "${params.entry}".`);
  const key = `${doc.file}\0${params.kind}\0${params.entry}`;
  if (running.has(key)) throw new ResponseError(ErrorCodes.InvalidRequest, `"${params.entry}" is already running; cancel it first.`);
  running.add(key);
  const abort = new AbortController();
  const sub = cancel.onCancellationRequested(() => abort.abort());
  if (cancel.isCancellationRequested) abort.abort();
  const connection = insights.deps.connection;
  const token = params.workDoneToken;
  const progress: Progress = (value) => {
    if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, value);
  };
  progress({ kind: 'begin', title: `passk: ${params.entry}`, cancellable: true, percentage: 0, message: 'planning…' });
  try {
    const result = params.kind === 'evaluate' ? await evaluate(insights, doc, params, keys, abort.signal, progress) : await synthesize(insights, doc, params, keys, abort.signal, progress);
    result.problems = result.problems.map(keys.scrub);
    progress({ kind: 'end', message: `${result.samples}/${result.expectedSamples} ${params.kind === 'evaluate' ? 'samples' : 'candidates'}${result.completed ? '' : ' (stopped)'}` });
    return result;
  } catch (e) {
    progress({ kind: 'end', message: 'failed' });
    if (e instanceof ResponseError) throw e;
    // An unexpected failure still answers as an error the client shows, with any key scrubbed from the text.
    const message = keys.scrub(e instanceof Error ? e.message : String(e));
    connection.console.error(`passk: the run of "${params.entry}" failed: ${message}`);
    throw new ResponseError(ErrorCodes.InternalError, `The run of "${params.entry}" failed unexpectedly: ${message}`);
  } finally {
    sub.dispose();
    running.delete(key);
  }
}

const messagesOf = (problems: { severity: string; message: string }[]) => problems.filter((p) => p.severity !== 'hint').map((p) => p.message);

/** What both engines take from a run request: this is only reached in a trusted workspace, so network is on. */
function engineOptions(insights: RunInsights, params: RunParams, keys: RequestKeys, signal: AbortSignal) {
  return {
    env: insights.deps.env,
    signal,
    ...(params.limit ? { limit: params.limit } : {}),
    apiKeys: keys.byBinding,
    allowNetwork: true,
  };
}

const percent = (done: number, total: number): number => (total ? Math.floor((100 * done) / total) : 0);

async function evaluate(insights: RunInsights, doc: RecipeDoc, params: RunParams, keys: RequestKeys, signal: AbortSignal, progress: Progress): Promise<RunResult> {
  insights.setActive(doc, params.entry, true);
  try {
    const r = await runEvaluation(doc, params.entry, {
      ...engineOptions(insights, params, keys, signal),
      onProgress: (p) => {
        progress({ kind: 'report', percentage: percent(p.done, p.total), message: `${p.done}/${p.total} samples` });
        insights.requestRefresh();
      },
    });
    const s = r.value;
    const passAtK: Record<string, number> = {};
    for (const [k, v] of Object.entries(s?.passAtK ?? {})) if (typeof v === 'number') passAtK[k] = v;
    return {
      entry: params.entry,
      runDir: s?.runDir ?? '',
      completed: !!s && s.complete && !signal.aborted && !hasErrors(r.problems),
      samples: s?.samples ?? 0,
      expectedSamples: s ? s.problems * s.samplesPerProblem : 0,
      passAtK,
      problems: messagesOf(r.problems),
    };
  } finally {
    insights.setActive(doc, params.entry, false);
    await insights.refreshAll();
  }
}

async function synthesize(insights: RunInsights, doc: RecipeDoc, params: RunParams, keys: RequestKeys, signal: AbortSignal, progress: Progress): Promise<RunResult> {
  let total = 0;
  try {
    const r = await runSynthesis(doc, params.entry, {
      ...engineOptions(insights, params, keys, signal),
      onProgress: (p) => {
        total = p.total;
        progress({ kind: 'report', percentage: percent(p.done, p.total), message: progressText(p) });
        insights.requestRefresh();
      },
    });
    const s = r.value;
    return {
      entry: params.entry,
      runDir: s?.runDir ?? '',
      completed: !!s && s.completed && !signal.aborted,
      samples: s?.candidates ?? 0,
      expectedSamples: total || (s?.candidates ?? 0),
      passAtK: {},
      problems: messagesOf(r.problems),
    };
  } finally {
    await insights.refreshAll();
  }
}
