import { AppError } from '../app-error';

/**
 * The chat model port: one completion request in, one response out. Adapters
 * (the OpenAI SDK, a test fake) translate to their wire format; the engine
 * never sees HTTP, SDK types or provider quirks.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** For role 'tool': the id of the call this message answers. */
  toolCallId?: string;
  /** For role 'assistant': the tool calls it made. */
  toolCalls?: ToolCall[];
}

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; validated by the tool's schema. */
  arguments: string;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  /** Ask for JSON matching this schema (adapters fall back when the server cannot). */
  responseSchema?: { name: string; schema: Record<string, unknown> };
  maxOutputTokens: number;
  /** Ask for token log-probabilities where the server supports them. */
  logprobs?: boolean;
}

export interface ChatResponse {
  model: string;
  content: string;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';
  usage: { inputTokens: number; outputTokens: number };
  /** One log-probability per output token, when the server returned them. */
  logprobs: number[] | null;
}

export interface ChatModel {
  /** The model id sent to the server (may be a fine-tuned `ft:...` id). */
  readonly model: string;
  /** Tokens the model accepts in one request, prompt and reply together. */
  readonly contextWindow: number;
  complete(request: ChatRequest): Promise<ChatResponse>;
  /**
   * Optional: the provider's exact count of these messages' input tokens
   * (OpenAI: POST /responses/input_tokens), asked only when a prompt comes
   * near the context window. Null when the provider has no such endpoint or
   * the count failed: the caller then keeps its conservative estimate.
   */
  countInputTokens?(messages: ChatMessage[]): Promise<number | null>;
}

/**
 * A failed model call, after the adapter's own retries. `retryable` says
 * whether trying again later could succeed (rate limits, 5xx, timeouts) or
 * not (bad key, bad request, unknown model).
 */
export class ModelError extends AppError {
  override name = 'ModelError';
  declare readonly code: 'rate_limited' | 'server_error' | 'timeout' | 'connection' | 'auth' | 'bad_request' | 'not_found' | 'malformed_response';

  constructor(
    message: string,
    code: ModelError['code'],
    retryable: boolean,
    /** The provider's HTTP status, when it answered. */
    readonly statusCode?: number,
  ) {
    // Not exposed: a provider's message is no caller's business; the edge answers an opaque 500 as before.
    super(code, message, { status: 502, retryable, expose: false });
  }
}

/**
 * Counts tokens the way the model's tokenizer does. A count never exceeds the
 * text's UTF-8 byte length (true of byte-level BPE: each token covers at
 * least one byte), which lets the budget skip counting when everything fits.
 */
export interface TokenCounter {
  count(text: string): number;
}
