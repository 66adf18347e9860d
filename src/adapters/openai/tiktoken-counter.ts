import type { Tiktoken } from 'js-tiktoken/lite';
import type { TokenCounter } from '../../domain/answer/chat-model';

let loading: Promise<Tiktoken> | undefined;

/**
 * Exact token counts for OpenAI's o200k_base encoding (gpt-4o, gpt-4.1,
 * o-series, gpt-5 and fine-tunes of them), for the Node CLIs (fine-tuning
 * export, benches) and for tests that measure the Worker's estimate
 * (ApproximateCounter in src/domain/answer). The Worker never imports it:
 * the ranks would be most of its bundle.
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
