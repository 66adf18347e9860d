import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { type ChatMessage, type ChatRequest, type ChatResponse, ModelError, type ToolCall } from '../../domain/answer/chat-model';

/**
 * What the server has shown it accepts. Starts optimistic and is downgraded
 * (once per model instance) when a server rejects a feature with a 400.
 */
export interface ServerCapabilities {
  responseFormat: 'json_schema' | 'json_object' | 'none';
  logprobs: boolean;
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
}

export function toWireRequest(model: string, request: ChatRequest, capabilities: ServerCapabilities): ChatCompletionCreateParamsNonStreaming {
  const schema = request.responseSchema;
  let messages = request.messages;
  // Without json_schema support the schema must reach the model as text, or
  // it has no idea what shape to produce (json_object mode also requires the
  // word "JSON" to appear in the messages).
  if (schema && capabilities.responseFormat !== 'json_schema') messages = withSchemaInstruction(messages, schema);
  return {
    model,
    messages: messages.map(toWireMessage),
    [capabilities.maxTokensParam]: request.maxOutputTokens,
    ...(request.tools && request.tools.length > 0 ? { tools: request.tools.map(toWireTool) } : {}),
    ...(schema && capabilities.responseFormat === 'json_schema'
      ? { response_format: { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, strict: true } } }
      : {}),
    ...(schema && capabilities.responseFormat === 'json_object' ? { response_format: { type: 'json_object' } } : {}),
    ...(request.logprobs && capabilities.logprobs ? { logprobs: true } : {}),
  };
}

/** Placed right after the leading system messages: some chat templates (Mistral, Llama) reject a system message mid-conversation. */
function withSchemaInstruction(messages: ChatMessage[], schema: NonNullable<ChatRequest['responseSchema']>): ChatMessage[] {
  const instruction: ChatMessage = {
    role: 'system',
    content: `Reply with a single JSON object and nothing else. It must match this JSON Schema (named "${schema.name}"):\n${JSON.stringify(schema.schema)}`,
  };
  const firstNonSystem = messages.findIndex((message) => message.role !== 'system');
  const at = firstNonSystem === -1 ? messages.length : firstNonSystem;
  return [...messages.slice(0, at), instruction, ...messages.slice(at)];
}

function toWireMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant': {
      const toolCalls = message.toolCalls ?? [];
      if (toolCalls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // OpenAI documents null content for a pure tool-call turn; an empty string trips some servers.
        content: message.content.length > 0 ? message.content : null,
        tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
      };
    }
    case 'tool':
      if (!message.toolCallId) throw new ModelError('a tool message needs the toolCallId of the call it answers', 'bad_request', false);
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toWireTool(tool: NonNullable<ChatRequest['tools']>[number]): ChatCompletionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}

const FINISH_REASONS: Record<string, ChatResponse['finishReason']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  // The deprecated single-function form, still sent by some compatible servers.
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

const malformed = (what: string) => new ModelError(`malformed chat completion: ${what}`, 'malformed_response', true);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const tokens = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Reads a completion defensively: compatible servers differ from OpenAI in
 * the details (missing usage, null logprobs, extra fields), so the body is
 * treated as unknown JSON rather than trusted to match the SDK's types.
 */
export function fromWireResponse(body: unknown, requestedModel: string): ChatResponse {
  if (!isRecord(body)) throw malformed('the body is not a JSON object');
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isRecord(choice)) throw malformed('no choices');
  const message = choice.message;
  if (!isRecord(message)) throw malformed('the choice has no message');

  const toolCalls: ToolCall[] = [];
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const fn = isRecord(call) ? call.function : undefined;
    if (!isRecord(call) || !isRecord(fn) || typeof fn.name !== 'string') throw malformed('a tool call without a function name');
    const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    toolCalls.push({ id: typeof call.id === 'string' ? call.id : `call_${toolCalls.length}`, name: fn.name, arguments: args });
  }

  const content = typeof message.content === 'string' ? message.content : '';
  const refused = content === '' && typeof message.refusal === 'string' && message.refusal.length > 0;
  const reason = typeof choice.finish_reason === 'string' ? FINISH_REASONS[choice.finish_reason] : undefined;
  const usage = isRecord(body.usage) ? body.usage : {};
  return {
    model: typeof body.model === 'string' && body.model.length > 0 ? body.model : requestedModel,
    content,
    toolCalls,
    // A refusal comes back with finish_reason 'stop' and no content; the engine should not read it as an empty answer.
    finishReason: refused ? 'content_filter' : (reason ?? 'other'),
    usage: { inputTokens: tokens(usage.prompt_tokens), outputTokens: tokens(usage.completion_tokens) },
    logprobs: logprobsOf(choice.logprobs),
  };
}

function logprobsOf(logprobs: unknown): number[] | null {
  if (!isRecord(logprobs) || !Array.isArray(logprobs.content)) return null;
  const values = logprobs.content.map((entry) => (isRecord(entry) ? entry.logprob : undefined));
  return values.every((value): value is number => typeof value === 'number') ? values : null;
}
