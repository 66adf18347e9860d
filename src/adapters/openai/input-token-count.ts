import { APIError, type OpenAI } from 'openai';
import type { ChatMessage } from '../../domain/answer/chat-model';

/** A count is a nicety: it must not hold up a reply for long. */
const COUNT_TIMEOUT_MS = 5_000;

/**
 * OpenAI's exact input-token count for a prompt: POST /responses/input_tokens
 * (`{ model, input }` → `{ object: "response.input_tokens", input_tokens }`).
 * 'unsupported' when the server has no such endpoint (most OpenAI-compatible
 * servers: Azure deployments, Ollama, vLLM answer 404, 405 or 400), so the
 * caller stops asking; null when this one count failed (timeout, 5xx, 429,
 * an unexpected body). Never throws: the estimate stands in.
 */
export async function countInputTokens(client: OpenAI, model: string, messages: ChatMessage[]): Promise<number | null | 'unsupported'> {
  try {
    const response: unknown = await client.responses.inputTokens.count(
      {
        model,
        // Tool results have no place in a Responses input without their call; counted as user text.
        input: messages.map((message) => ({ role: message.role === 'tool' ? 'user' : message.role, content: message.content })),
      },
      { timeout: COUNT_TIMEOUT_MS, maxRetries: 0 },
    );
    const tokens = (response as { input_tokens?: unknown } | null)?.input_tokens;
    return typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 0 ? tokens : null;
  } catch (error) {
    if (error instanceof APIError && (error.status === 404 || error.status === 405 || error.status === 400 || error.status === 422)) return 'unsupported';
    return null;
  }
}
