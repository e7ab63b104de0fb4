// `passk/run`: runs an evaluation or synthesis entry of a recipe from the editor, in a child process that is the
// CLI itself (../run-supervisor.ts), on the editor's current text. Progress goes out as LSP work-done progress
// on the client's token; `$/cancelRequest` cancels the child while the samples already written stay for a
// resume. API keys arrive sealed (request-keys.ts) and are handed to the child only in its environment; the
// engine sends each only to the endpoint it is bound to, they are scrubbed from every message that goes back,
// and never stored or logged. In an untrusted workspace the request is
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
import { hasErrors } from '../../problems/problem';
import { RunRequest, type RunParams, type RunResult } from '../../protocol/requests';
import { withDefaultConcurrency } from '../../recipe/with-default-concurrency';
import { requestKeys, type RequestKeys } from './request-keys';
import type { RunInsights } from './run-insights';

export { withDefaultConcurrency };

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

/** Runs in progress, so a second start of the same entry is refused instead of fighting over its run lock. */
const running = new Set<string>();

/**
 * Starts the entry in a child process (run-supervisor.ts) and answers with its result; the request's
 * cancellation cancels the child, whose samples stay for a resume.
 */
export async function runEntry(insights: RunInsights, raw: unknown, cancel: CancellationToken): Promise<RunResult> {
  if (!insights.settings.workspaceTrusted) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'passk does not run models in an untrusted workspace; trust the workspace (Workspaces: Manage Workspace Trust) to run evaluations and syntheses.');
  }
  const { params, keys } = checkParams(raw, insights.deps.sessionKey);
  const recipe = insights.recipe(params.uri);
  if (!recipe) throw new ResponseError(ErrorCodes.InvalidParams, `The recipe ${params.uri} is neither open nor readable on disk.`);
  const doc = recipe.doc;
  if (hasErrors(recipe.problems)) {
    const first = recipe.problems.find((p) => p.severity === 'error')!;
    throw new ResponseError(ErrorCodes.InvalidRequest, keys.scrub(`The recipe has errors; fix them before running (first: ${first.message})`));
  }
  const defined = params.kind === 'evaluate' ? doc.evaluate.has(params.entry) : doc.synthesize.has(params.entry);
  if (!defined) throw new ResponseError(ErrorCodes.InvalidParams, `The recipe has no ${params.kind} entry named "${params.entry}".`);
  const key = `${doc.file}\0${params.kind}\0${params.entry}`;
  if (running.has(key)) throw new ResponseError(ErrorCodes.InvalidRequest, `"${params.entry}" is already running; cancel it first.`);
  const supervisor = insights.deps.supervisor;
  if (!supervisor) throw new ResponseError(ErrorCodes.InternalError, 'This passk language server was started without its CLI beside it, so it cannot run evaluations or syntheses.');
  running.add(key);
  const connection = insights.deps.connection;
  const token = params.workDoneToken;
  const progress: Progress = (value) => {
    if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, value);
  };
  progress({ kind: 'begin', title: `passk: ${params.entry}`, cancellable: true, percentage: 0, message: 'planning…' });
  const evaluating = params.kind === 'evaluate';
  if (evaluating) insights.setActive(doc, params.entry, true);
  try {
    const child = supervisor.start(
      {
        kind: params.kind,
        file: doc.file,
        text: doc.text,
        entry: params.entry,
        ...(params.limit ? { limit: params.limit } : {}),
        ...(insights.settings.defaultConcurrency !== undefined ? { defaultConcurrency: insights.settings.defaultConcurrency } : {}),
        apiKeys: keys.byBinding,
        env: insights.deps.env,
      },
      (p) => {
        progress({ kind: 'report', percentage: percent(p.done, p.total), message: p.message });
        insights.requestRefresh();
      },
      keys.scrub,
    );
    const sub = cancel.onCancellationRequested(() => child.cancel());
    if (cancel.isCancellationRequested) child.cancel();
    try {
      const result = await child.result;
      progress({ kind: 'end', message: `${result.samples}/${result.expectedSamples} ${evaluating ? 'samples' : 'candidates'}${result.completed ? '' : ' (stopped)'}` });
      return result;
    } finally {
      sub.dispose();
    }
  } catch (e) {
    progress({ kind: 'end', message: 'failed' });
    if (e instanceof ResponseError) throw e;
    // An unexpected failure still answers as an error the client shows, with any key scrubbed from the text.
    const message = keys.scrub(e instanceof Error ? e.message : String(e));
    connection.console.error(`passk: the run of "${params.entry}" failed: ${message}`);
    throw new ResponseError(ErrorCodes.InternalError, `The run of "${params.entry}" failed unexpectedly: ${message}`);
  } finally {
    running.delete(key);
    if (evaluating) insights.setActive(doc, params.entry, false);
    await insights.refreshAll();
  }
}

const percent = (done: number, total: number): number => (total ? Math.floor((100 * done) / total) : 0);
