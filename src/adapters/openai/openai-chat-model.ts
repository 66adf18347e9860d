import OpenAI, { APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse } from '../../domain/answer/chat-model';
import { contextWindowFor, prefersMaxCompletionTokens } from './context-window';
import { countInputTokens } from './input-token-count';
import { toModelError } from './to-model-error';
import { fromWireResponse, type ServerCapabilities, toWireRequest } from './wire-format';
import { AttemptsFailed, sleep, withRetries } from './with-retries';

export interface OpenAIChatModelOptions {
  apiKey: string;
  /** Any OpenAI-compatible base URL ending in /v1 (OpenAI, Azure's /openai/v1, Workers AI, Ollama, vLLM). */
  baseURL: string;
  /** Sent as is, so fine-tuned `ft:...` ids and Azure deployment names work. */
  model: string;
  /** Overrides the table in context-window.ts (needed for Azure deployments and local models). */
  contextWindow?: number | undefined;
  /** Per attempt. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for 429, 5xx, timeouts and connection errors. */
  maxRetries?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Injectable so tests can record waits instead of waiting. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Injectable jitter source (0 ≤ x < 1). */
  random?: (() => number) | undefined;
  /** Ask the server for exact input-token counts near the context window (OpenAI's /responses/input_tokens). */
  exactCounts?: boolean | undefined;
}

/** The longest we wait between two attempts; a server asking for more gets the error back (retryable) instead. */
const MAX_WAIT_MS = 20_000;

/**
 * ChatModel over the Chat Completions API of any OpenAI-compatible server.
 * The SDK's own retries are off: ours honour Retry-After exactly, give up
 * when the server asks for a longer pause than a queue consumer should
 * spend asleep, and end in a ModelError the engine can act on.
 */
export class OpenAIChatModel implements ChatModel {
  readonly model: string;
  readonly contextWindow: number;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly retry: Parameters<typeof withRetries>[1];
  /** Downgraded for good (for this instance) once the server rejects a feature. */
  private capabilities: ServerCapabilities;
  /** Off from the start unless asked for, and for good once the server shows it has no count endpoint. */
  private canCount: boolean;

  constructor(options: OpenAIChatModelOptions) {
    this.model = options.model;
    this.contextWindow = options.contextWindow ?? contextWindowFor(options.model);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: this.timeoutMs,
      maxRetries: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.retry = {
      maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 3)),
      sleep: options.sleep ?? sleep,
      maxWaitMs: MAX_WAIT_MS,
      baseDelayMs: 500,
      maxBackoffMs: 8_000,
      random: options.random ?? Math.random,
    };
    this.canCount = options.exactCounts === true;
    this.capabilities = {
      responseFormat: 'json_schema',
      logprobs: true,
      maxTokensParam: prefersMaxCompletionTokens(options.model) ? 'max_completion_tokens' : 'max_tokens',
    };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    // Each pass either returns, throws, or strictly lowers the capabilities,
    // so this ends after at most four downgrades.
    for (;;) {
      const capabilities = this.capabilities;
      let params: ChatCompletionCreateParamsNonStreaming | undefined;
      try {
        params = toWireRequest(this.model, request, capabilities);
        const wire = params;
        const body: unknown = await withRetries(
          () => this.client.chat.completions.create(wire, { timeout: this.timeoutMs, maxRetries: 0 }),
          this.retry,
        );
        return fromWireResponse(body, this.model);
      } catch (error) {
        if (!(error instanceof AttemptsFailed)) throw toModelError(error, this.model, 1);
        const next = params ? downgrade(error.error, params, capabilities) : null;
        if (!next) throw toModelError(error.error, this.model, error.attempts);
        this.capabilities = next;
      }
    }
  }

  async countInputTokens(messages: ChatMessage[]): Promise<number | null> {
    if (!this.canCount) return null;
    const count = await countInputTokens(this.client, this.model, messages);
    if (count === 'unsupported') this.canCount = false;
    return typeof count === 'number' ? count : null;
  }
}

/**
 * The capabilities to retry with when a 400 (or 422) says the server does
 * not support something we sent, or null when the rejection is about
 * something else. The server's free-text message is matched here and never
 * surfaced (see toModelError).
 */
function downgrade(error: unknown, params: ChatCompletionCreateParamsNonStreaming, current: ServerCapabilities): ServerCapabilities | null {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return null;
  const text = `${error.param ?? ''} ${error.message}`.toLowerCase();
  if (params.logprobs && text.includes('logprobs')) return { ...current, logprobs: false };
  if (current.maxTokensParam === 'max_tokens' && (error.param === 'max_tokens' || text.includes('max_completion_tokens'))) {
    return { ...current, maxTokensParam: 'max_completion_tokens' };
  }
  // A bare "not supported" counts too (some servers name no parameter), unless
  // it names something else we send. A schema OpenAI refuses ("Invalid schema
  // for response_format ...") is our bug to fix, not a limit to remember.
  const aboutFormat = /response_format|json_schema|json_object/.test(text) || (/not supported|unsupported/.test(text) && !/tool|function/.test(text));
  if (params.response_format && aboutFormat && !text.includes('invalid schema')) {
    return { ...current, responseFormat: current.responseFormat === 'json_schema' ? 'json_object' : 'none' };
  }
  return null;
}
