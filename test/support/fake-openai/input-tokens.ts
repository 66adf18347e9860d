import type { Tiktoken } from 'js-tiktoken/lite';
import { MESSAGE_OVERHEAD, REPLY_PRIMING } from '../../../src/domain/answer/token-budget';

let encoder: Promise<Tiktoken> | undefined;

/**
 * What OpenAI's POST /v1/responses/input_tokens answers, counted for real:
 * o200k_base over each input message's text, plus the per-message framing
 * and reply priming the budget charges (OpenAI documents 3 to 4 a message).
 * A real tokenizer, so tests of the count-near-the-window path see the same
 * gap between the Worker's estimate and the exact count that production does.
 */
export async function inputTokensResponse(input: unknown): Promise<{ object: 'response.input_tokens'; input_tokens: number } | null> {
  const messages = typeof input === 'string' ? [{ content: input }] : input;
  if (!Array.isArray(messages)) return null;
  encoder ??= Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]).then(([{ Tiktoken }, ranks]) => new Tiktoken(ranks.default));
  const tiktoken = await encoder;
  let tokens = REPLY_PRIMING;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content !== 'string') return null;
    tokens += tiktoken.encode(content, [], []).length + MESSAGE_OVERHEAD;
  }
  return { object: 'response.input_tokens', input_tokens: tokens };
}
