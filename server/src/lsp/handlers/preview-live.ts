// `passk/previewLive`: a synthesis entry's pipeline on its first seeds, calling the generator, verifier and solver
// models, answered as view data the client renders like every other view. Like a run it calls models, so it is refused in an untrusted workspace,
// is cancellable, its API keys arrive sealed (request-keys.ts) and are scrubbed from everything that goes back.
import { ErrorCodes, ResponseError, WorkDoneProgress, type CancellationToken } from 'vscode-languageserver/node';
import { hasErrors } from '../../problems/problem';
import { livePreviewView } from '../../insights';
import { previewLive } from '../../preview/preview-live';
import { LivePreviewRequest, type LivePreviewParams, type LivePreviewResult } from '../../protocol/requests';
import { requestKeys } from './request-keys';
import type { RunInsights } from './run-insights';

export async function livePreview(insights: RunInsights, raw: unknown, cancel: CancellationToken): Promise<LivePreviewResult> {
  if (!insights.settings.workspaceTrusted) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'The live preview calls models, which passk does not do in an untrusted workspace; trust the workspace to use it.');
  }
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<LivePreviewParams> & { apiKeys?: unknown };
  if (typeof p.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'passk/previewLive needs the "uri" of a recipe.');
  const keys = requestKeys(p, insights.deps.sessionKey, LivePreviewRequest.method);
  const recipe = insights.recipe(p.uri);
  if (!recipe) throw new ResponseError(ErrorCodes.InvalidParams, `The recipe ${p.uri} is neither open nor readable on disk.`);
  if (hasErrors(recipe.problems)) return { title: 'passk live preview', problems: ['The recipe has errors; fix them before previewing.'] };
  const entry = typeof p.entry === 'string' ? p.entry : recipe.doc.synthesize.keys().next().value;
  if (entry === undefined || !recipe.doc.synthesize.has(entry)) {
    return { title: 'passk live preview', problems: [entry === undefined ? 'The recipe has no synthesize entry to preview.' : `The recipe has no synthesize entry named "${entry}".`] };
  }
  const limit = typeof p.limit === 'number' && Number.isInteger(p.limit) && p.limit > 0 ? Math.min(p.limit, 10) : 2;
  const abort = new AbortController();
  const sub = cancel.onCancellationRequested(() => abort.abort());
  const token = typeof p.workDoneToken === 'string' || typeof p.workDoneToken === 'number' ? p.workDoneToken : undefined;
  const connection = insights.deps.connection;
  if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title: `passk: live preview of ${entry}`, cancellable: true });
  try {
    const r = await previewLive(recipe.doc, entry, { env: insights.deps.env, limit, signal: abort.signal, apiKeys: keys.byBinding, allowNetwork: true });
    const problems = r.problems.filter((x) => x.severity !== 'hint').map((x) => keys.scrub(x.message));
    if (!r.value) return { title: `passk live preview — ${entry}`, problems };
    // Keys are scrubbed from each whole text before it is cut and, on the client, escaped: in the markup a key
    // holding "&" or "<" is escaped and would no longer be found.
    const live = livePreviewView(entry, r.value, (text) => keys.scrub(text));
    return { title: `passk live preview — ${live.entry}`, view: { kind: 'livePreview', live }, problems };
  } finally {
    sub.dispose();
    if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end' });
  }
}
