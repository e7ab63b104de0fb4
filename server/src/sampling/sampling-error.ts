// Classifies what went wrong with one request, so the scheduler knows whether to retry it (rate limits, server
// errors, timeouts, dropped or truncated responses) or to stop the run with a clear message (bad key, unknown
// model, rejected request), and how long a server asked it to wait.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { displayUrl } from '../text/display-url';

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
  400: 'rejected the request as invalid (400)',
  401: 'rejected the API key (401); check the key for this model',
  403: 'refused access (403); the key may lack permission for this model',
  404: 'was not found (404); check baseUrl and the model id',
  422: 'could not process the request (422)',
};

/**
 * A request's failure together with the endpoint it went to. The provider wraps what the SDK threw in this,
 * so every message can name the URL that failed; several baseUrls of one model are told apart that way.
 */
export class EndpointError extends Error {
  constructor(
    readonly url: string,
    readonly error: unknown,
    /** The per-request timeout, for "did not answer within N s". */
    readonly timeoutMs?: number,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'EndpointError';
  }
}


/** The innermost `code` along an error's cause chain (undici puts ECONNREFUSED two levels down). */
function causeCode(e: unknown): { code?: string; message?: string } {
  let found: { code?: string; message?: string } = {};
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') found = { code, message: String((c as { message?: unknown }).message ?? '') };
  }
  return found;
}

/** Why a connection failed, in words, from the system or TLS error code. */
export function connectionCause(e: unknown, url: string): string {
  const { code, message } = causeCode(e);
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    // An unparseable URL is reported as it is.
  }
  if (!code) return `the connection failed (${(message || (e instanceof Error ? e.message : String(e))).slice(0, 200)})`;
  if (code === 'ECONNREFUSED') return `connection refused (ECONNREFUSED); is the server running and listening on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name "${host}" does not resolve (DNS ${code}); check baseUrl`;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return `the server closed the connection (${code})`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `connecting timed out (${code}); is the host reachable?`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the host is unreachable (${code})`;
  if (/SSL|TLS|CERT|EPROTO/i.test(code)) {
    const plain = /WRONG_VERSION_NUMBER|EPROTO|packet length too long/i.test(`${code} ${message}`);
    return `the TLS handshake failed (${code})${plain ? '; the server may speak plain http: use an http:// baseUrl' : ''}`;
  }
  return `the connection failed (${code})`;
}

/** The server's own words from an APIError, without the SDK's leading status code, cut to one readable line. */
function serverMessage(e: InstanceType<typeof APIError>): string {
  const text = (e.message ?? '').replace(/^\d{3}\s*/, '').replace(/\s+/g, ' ').trim();
  if (!text || /^status code \(no body\)$/i.test(text)) return '';
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** Turns anything a request threw into a SamplingError; `what` names the model for messages. */
export function classifyError(e: unknown, what: string, outerAborted: boolean): SamplingError {
  if (e instanceof SamplingError) return e;
  if (e instanceof EndpointError) return classifyAt(e.error, `${what} at ${displayUrl(e.url)}`, outerAborted, e.url, e.timeoutMs);
  return classifyAt(e, what, outerAborted);
}

function classifyAt(e: unknown, what: string, outerAborted: boolean, url?: string, timeoutMs?: number): SamplingError {
  if (e instanceof SamplingError) return e;
  const timedOut = `Model ${what} timed out: no answer${timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : ' in time'} (timeoutSeconds).`;
  if (outerAborted || e instanceof APIUserAbortError) {
    // The SDK reports our per-request timeout as a user abort too; only the run's own signal means "cancelled".
    return outerAborted ? new SamplingError('The run was cancelled.', 'aborted') : new SamplingError(timedOut, 'retryable');
  }
  if (e instanceof APIConnectionTimeoutError) return new SamplingError(timedOut, 'retryable');
  if (e instanceof APIConnectionError) return new SamplingError(`Cannot reach model ${what}: ${connectionCause(e, url ?? '')}.`, 'retryable');
  if (e instanceof APIError) {
    const status = e.status;
    const said = serverMessage(e);
    if (status !== undefined && FATAL[status]) return new SamplingError(`Model ${what} ${FATAL[status]}${said ? `: ${said}` : ''}`, 'fatal', status);
    if (status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)) {
      return new SamplingError(`Model ${what} answered HTTP ${status}${said ? `: ${said}` : ''}.`, 'retryable', status, retryAfterMs(e.headers));
    }
    if (status !== undefined && status >= 400) return new SamplingError(`Model ${what} answered HTTP ${status}${said ? `: ${said}` : ''}`, 'fatal', status);
    return new SamplingError(`Model ${what} failed: ${e.message}`, 'retryable', status);
  }
  // Bodies cut short (JSON SyntaxError), sockets reset mid-body ("terminated") and similar transport faults.
  const msg = e instanceof Error ? e.message : String(e);
  return new SamplingError(`The response of model ${what} was incomplete (${msg}).`, 'retryable');
}
