import type { Tiktoken } from 'js-tiktoken/lite';
import type { TokenCounter } from '../../domain/answer/chat-model';

let loading: Promise<Tiktoken> | undefined;

/**
 * Exact token counts for OpenAI's o200k_base encoding (gpt-4o, gpt-4.1,
 * o-series, gpt-5 and fine-tunes of them).
 *
 * The ranks are 2.2 MB of JavaScript, and building the encoder from them
 * takes about half a second of CPU and ~65 MB of heap (measured in Node 20),
 * so nothing happens at import: `load()` imports the ranks and builds the
 * encoder once per isolate, on first use, and every later `load()` shares it.
 */
export class TiktokenCounter implements TokenCounter {
  private constructor(private readonly encoder: Tiktoken) {}

  static load(): Promise<TiktokenCounter> {
    loading ??= buildEncoder().catch((error: unknown) => {
      // Let a later call try again rather than caching the failure for the isolate's life.
      loading = undefined;
      throw error;
    });
    return loading.then((encoder) => new TiktokenCounter(encoder));
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    // Special-token strings in user text ("<|endoftext|>") are counted as the
    // plain text they are, instead of throwing as tiktoken does by default.
    return this.encoder.encode(text, [], []).length;
  }
}

async function buildEncoder(): Promise<Tiktoken> {
  const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
  return new Tiktoken(ranks.default);
}

/**
 * About four characters per token, rounded up: English prose averages a
 * little over four in o200k_base, so this mostly over-counts (the safe side
 * for a budget). Code, numbers and non-Latin scripts can exceed it, which is
 * why the budget keeps a safety margin. Cheap enough for tests and for
 * Workers on the Free plan, where building the real encoder would not fit.
 */
export class ApproximateCounter implements TokenCounter {
  count(text: string): number {
    return Math.ceil(text.length / 4);
  }
}
