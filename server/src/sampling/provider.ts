// One model endpoint (possibly several replicas) spoken to through the openai SDK. A request asks for `count`
// samples of one prompt with `n` choices; choice j is meant as sample seed+j, which is also what the fallback
// sends one by one when a server returns fewer choices than asked. The SDK's own retries are off: the
// Scheduler owns retries so that backoff, Retry-After and cancellation follow one policy.
import OpenAI from 'openai';
import type { ModelDef, SamplingParams } from '../recipe/model';
import { EndpointError, SamplingError } from './sampling-error';
import type { ResolvedCredentials } from './secrets';

/** A rendered prompt: chat models get system+user messages, completion models one text. */
export interface PromptText {
  system?: string;
  user: string;
}

export interface SampleRequest {
  prompt: PromptText;
  /** Samples wanted from this request (sent as `n`). */
  count: number;
  /** Seed of the first sample; sample i of the request is seed + i. */
  seed?: number;
  params: SamplingParams;
}

export interface Completion {
  text: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
}

export interface ProviderResponse {
  /** Up to `count` completions, in choice order; fewer means the server did not honour `n`. */
  completions: Completion[];
  latencyMs: number;
  totalTokens: number;
}

/** The text a completions-API model receives for a prompt: system and user split by a blank line. */
export function completionPrompt(p: PromptText): string {
  return p.system ? `${p.system}\n\n${p.user}` : p.user;
}

export class Provider {
  private readonly clients: { client: OpenAI; inFlight: number }[];

  constructor(readonly model: ModelDef, creds: ResolvedCredentials, fetchImpl?: typeof fetch) {
    // Redirects are refused so the key is only ever sent to the host written in the recipe.
    const guardedFetch: typeof fetch = (input, init) => (fetchImpl ?? fetch)(input, { ...init, redirect: 'error' });
    this.clients = model.baseUrls.map((baseURL, i) => ({
      client: new OpenAI({
        baseURL,
        // Each replica sends the key bound to its own origin (secrets.ts). The SDK insists on a key; servers
        // that need none (vLLM, the simulator) ignore the placeholder.
        apiKey: creds.replicaKeys?.[i] ?? creds.apiKey ?? 'none',
        maxRetries: 0,
        timeout: model.timeoutSeconds * 1000,
        defaultHeaders: creds.headers,
        fetch: guardedFetch,
      }),
      inFlight: 0,
    }));
  }

  /** The first replica's SDK client (the Batch API talks to one host). */
  get primary(): OpenAI {
    return this.clients[0]!.client;
  }

  /** How many replicas (baseUrls) the model has; the scheduler's ReplicaHealth chooses among them. */
  get replicas(): number {
    return this.clients.length;
  }

  /** The replica with the fewest requests in flight, for callers that do not choose one themselves. */
  private pick(): { client: OpenAI; inFlight: number } {
    let best = this.clients[0]!;
    for (const c of this.clients) if (c.inFlight < best.inFlight) best = c;
    return best;
  }

  /** Sends one request, to replica `replica` when given (the scheduler's choice), else to the least loaded. */
  async complete(req: SampleRequest, signal: AbortSignal, replica?: number): Promise<ProviderResponse> {
    const slot = (replica !== undefined ? this.clients[replica] : undefined) ?? this.pick();
    slot.inFlight++;
    const t0 = performance.now();
    try {
      const body = requestBody(this.model, req);
      let texts: { text: string; finish: string }[];
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      if (this.model.api === 'chat') {
        const r = await slot.client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal });
        ({ texts, usage } = readChoices(r, this.model.name));
      } else {
        const r = await slot.client.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, { signal });
        ({ texts, usage } = readChoices(r, this.model.name));
      }
      texts = texts.slice(0, req.count);
      return { completions: apportion(texts, usage), latencyMs: Math.round(performance.now() - t0), totalTokens: (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0) };
    } catch (e) {
      // The endpoint is named in the message the scheduler makes of this (sampling-error.ts).
      throw e instanceof SamplingError ? e : new EndpointError(slot.client.baseURL, e, this.model.timeoutSeconds * 1000);
    } finally {
      slot.inFlight--;
    }
  }
}

/** The JSON body of one request, shared by direct requests and Batch API request files. */
export function requestBody(model: ModelDef, req: SampleRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: model.model,
    n: req.count,
    temperature: req.params.temperature,
    top_p: req.params.topP,
    max_tokens: req.params.maxTokens,
    stream: false,
  };
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.params.stop?.length) body.stop = req.params.stop;
  if (model.api === 'chat') {
    const messages: { role: 'system' | 'user'; content: string }[] = [];
    if (req.prompt.system) messages.push({ role: 'system', content: req.prompt.system });
    messages.push({ role: 'user', content: req.prompt.user });
    body.messages = messages;
  } else body.prompt = completionPrompt(req.prompt);
  return body;
}

interface RawChoice {
  index?: number;
  text?: string | null;
  message?: { content?: string | null } | null;
  finish_reason?: string | null;
}

/** Choice texts in index order and the usage of a chat or completions response body. */
export function readChoices(r: unknown, modelName: string): { texts: { text: string; finish: string }[]; usage?: { prompt_tokens: number; completion_tokens: number } } {
  const body = r as { choices?: RawChoice[]; usage?: { prompt_tokens: number; completion_tokens: number } } | null;
  if (!body || !Array.isArray(body.choices)) throw new SamplingError(`Model ${modelName} sent a response without choices.`, 'retryable');
  const texts = [...body.choices]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((c) => ({ text: c.message ? (c.message.content ?? '') : (c.text ?? ''), finish: c.finish_reason ?? 'unknown' }));
  return body.usage ? { texts, usage: body.usage } : { texts };
}

/** Splits a response's usage over its choices: prompt tokens are shared, completion tokens go by text length. */
export function apportion(texts: { text: string; finish: string }[], usage?: { prompt_tokens: number; completion_tokens: number }): Completion[] {
  const totalChars = texts.reduce((s, t) => s + t.text.length, 0) || 1;
  return texts.map((t) => ({
    text: t.text,
    finishReason: t.finish,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage ? Math.round((usage.completion_tokens * t.text.length) / totalChars) : Math.ceil(t.text.length / 4),
  }));
}
