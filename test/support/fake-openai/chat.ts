// Chat Completions bodies for the fake OpenAI server: the non-streaming
// `chat.completion` object and the `chat.completion.chunk` objects of a stream,
// shaped as in OpenAI's API reference so the real SDK accepts them unchanged.
//
// Platform-free on purpose (no node:*): only server.ts needs Node.

import { approximateTokens } from './embeddings';

/** One scripted reply to a `POST /v1/chat/completions` call. */
export interface ChatReply {
  /** Assistant text; defaults to "fake reply" when neither json nor toolCalls is set. */
  content?: string;
  /** Serialised with JSON.stringify as the content, as a json_schema reply is. */
  json?: unknown;
  /** Function calls instead of content; finish_reason becomes 'tool_calls'. */
  toolCalls?: { name: string; arguments: object }[];
  /** Log-probability of each content token in order (tokens are whitespace-led
   * words, see `tokenize`); missing entries default to -0.01. Only returned when
   * the request asks for `logprobs: true`, as the real API does. */
  logprobs?: number[];
  finishReason?: string;
}

export const DEFAULT_REPLY = 'fake reply';
const DEFAULT_LOGPROB = -0.01;

/** The subset of the request body that shapes the response. */
export interface ChatRequest {
  model: string;
  messages: unknown[];
  stream?: boolean;
  logprobs?: boolean;
  top_logprobs?: number;
  stream_options?: { include_usage?: boolean };
}

interface LogprobEntry {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A reply resolved into wire-level pieces, shared by both response modes. */
interface Resolved {
  content: string | null;
  toolCalls: ToolCall[] | undefined;
  tokens: string[];
  logprobs: LogprobEntry[] | null;
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Splits text into whitespace-led words ("Hello", " world"), mimicking how BPE
 * tokens usually carry their leading space; the pieces concatenate back exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

const bytesOf = (token: string): number[] => Array.from(new TextEncoder().encode(token));

function logprobEntry(token: string, logprob: number, topCount: number): LogprobEntry {
  // top_logprobs lists the sampled token first, then invented, less likely alternatives.
  const top = Array.from({ length: topCount }, (_, i) => {
    const alt = i === 0 ? token : `${token}~${i}`;
    return { token: alt, logprob: logprob - i, bytes: bytesOf(alt) };
  });
  return { token, logprob, bytes: bytesOf(token), top_logprobs: top };
}

/** Approximate prompt size: words in every string or text-part message content. */
function promptTokens(messages: unknown[]): number {
  let total = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content === 'string') total += approximateTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') total += approximateTokens(text);
      }
    }
  }
  return Math.max(total, 1);
}

function resolve(reply: ChatReply, request: ChatRequest, callId: () => string): Resolved {
  const toolCalls = reply.toolCalls?.map((call) => ({
    id: callId(),
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  const content = toolCalls
    ? (reply.content ?? null)
    : reply.json !== undefined
      ? JSON.stringify(reply.json)
      : (reply.content ?? DEFAULT_REPLY);
  const tokens = tokenize(content ?? '');
  const topCount = request.top_logprobs ?? 0;
  const logprobs =
    request.logprobs === true && content !== null
      ? tokens.map((token, i) => logprobEntry(token, reply.logprobs?.[i] ?? DEFAULT_LOGPROB, topCount))
      : null;
  const completion = tokens.length + (toolCalls?.reduce((n, c) => n + tokenize(c.function.arguments).length, 0) ?? 0);
  const prompt = promptTokens(request.messages);
  return {
    content,
    toolCalls,
    tokens,
    logprobs,
    finishReason: reply.finishReason ?? (toolCalls ? 'tool_calls' : 'stop'),
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** Fields every completion object and chunk carries. */
function envelope(id: string, model: string, object: 'chat.completion' | 'chat.completion.chunk') {
  return { id, object, created: Math.floor(Date.now() / 1000), model, system_fingerprint: 'fp_fake' };
}

/** The non-streaming `chat.completion` response body. */
export function chatCompletion(reply: ChatReply, request: ChatRequest, id: string, callId: () => string) {
  const r = resolve(reply, request, callId);
  return {
    ...envelope(id, request.model, 'chat.completion'),
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: r.content,
          refusal: null,
          ...(r.toolCalls ? { tool_calls: r.toolCalls } : {}),
        },
        logprobs: r.logprobs ? { content: r.logprobs, refusal: null } : null,
        finish_reason: r.finishReason,
      },
    ],
    usage: r.usage,
  };
}

/**
 * The `chat.completion.chunk` objects of a streamed reply, in order: a role
 * chunk, one chunk per content token (with its logprob when requested), tool
 * call chunks (the first names the call, the rest carry argument fragments that
 * clients must concatenate), a finish chunk and, when
 * `stream_options.include_usage` is set, a final usage chunk with no choices.
 * The caller frames each as `data: <json>` and ends with `data: [DONE]`.
 */
export function chatChunks(reply: ChatReply, request: ChatRequest, id: string, callId: () => string): object[] {
  const r = resolve(reply, request, callId);
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (delta: object, extra: { logprobs?: object | null; finish_reason?: string | null } = {}) => ({
    ...envelope(id, request.model, 'chat.completion.chunk'),
    choices: [{ index: 0, delta, logprobs: extra.logprobs ?? null, finish_reason: extra.finish_reason ?? null }],
    // With include_usage, the real API sends `usage: null` on every chunk but the last.
    ...(includeUsage ? { usage: null } : {}),
  });

  const chunks: object[] = [chunk({ role: 'assistant', content: r.toolCalls ? null : '', refusal: null })];
  r.tokens.forEach((token, i) => {
    const logprobs = r.logprobs ? { content: [r.logprobs[i]], refusal: null } : null;
    chunks.push(chunk({ content: token }, { logprobs }));
  });
  r.toolCalls?.forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    // Fragments of 8 characters so client-side accumulation is actually exercised.
    for (const piece of call.function.arguments.match(/[\s\S]{1,8}/g) ?? []) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, { finish_reason: r.finishReason }));
  if (includeUsage) {
    chunks.push({ ...envelope(id, request.model, 'chat.completion.chunk'), choices: [], usage: r.usage });
  }
  return chunks;
}
