// Classifies what went wrong with one request, so the scheduler knows whether to retry it (rate limits, server
// errors, timeouts, dropped or truncated responses) or to stop the run with a clear message (bad key, unknown
// model, rejected request), and how long a server asked it to wait.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type SamplingErrorKind = 'fatal' | 'retryable' | 'aborted';

export class SamplingError extends Error {
  constructor(
    message: string,
    readonly kind: SamplingErrorKind,
    readonly status?: number,
    /** Milliseconds the server asked to wait (Retry-After / retry-after-ms), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SamplingError';
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const FATAL: Record<number, string> = {
  400: 'rejected the request as invalid',
  401: 'rejected the API key (401); check the key for this model',
  403: 'refused access (403); the key may lack permission for this model',
  404: 'was not found (404); check baseUrl and the model id',
  422: 'could not process the request (422)',
};

/** Turns anything a request threw into a SamplingError; `what` names the model for messages. */
export function classifyError(e: unknown, what: string, outerAborted: boolean): SamplingError {
  if (e instanceof SamplingError) return e;
  if (outerAborted || e instanceof APIUserAbortError) {
    // The SDK reports our per-request timeout as a user abort too; only the run's own signal means "cancelled".
    return outerAborted ? new SamplingError('The run was cancelled.', 'aborted') : new SamplingError(`Model ${what} timed out.`, 'retryable');
  }
  if (e instanceof APIConnectionTimeoutError) return new SamplingError(`Model ${what} timed out.`, 'retryable');
  if (e instanceof APIConnectionError) return new SamplingError(`The connection to model ${what} failed.`, 'retryable');
  if (e instanceof APIError) {
    const status = e.status;
    if (status !== undefined && FATAL[status]) return new SamplingError(`Model ${what} ${FATAL[status]}: ${e.message}`, 'fatal', status);
    if (status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)) {
      return new SamplingError(`Model ${what} answered ${status}.`, 'retryable', status, retryAfterMs(e.headers));
    }
    if (status !== undefined && status >= 400) return new SamplingError(`Model ${what} answered ${status}: ${e.message}`, 'fatal', status);
    return new SamplingError(`Model ${what} failed: ${e.message}`, 'retryable', status);
  }
  // Bodies cut short (JSON SyntaxError), sockets reset mid-body ("terminated") and similar transport faults.
  const msg = e instanceof Error ? e.message : String(e);
  return new SamplingError(`The response of model ${what} was incomplete (${msg}).`, 'retryable');
}
