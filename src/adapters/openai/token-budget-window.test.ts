import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { ApproximateCounter } from '../../domain/answer/approximate-counter';
import { formatPassage, questionMessage, systemMessage } from '../../domain/answer/prompt';
import { BudgetError, fitToBudget, MESSAGE_OVERHEAD, REPLY_PRIMING } from '../../domain/answer/token-budget';
import type { ConversationTurn, Passage } from '../../domain/answer/types';
import { TOKEN_SAMPLES } from './token-samples';

const encoders = { o200k: new Tiktoken(o200k), cl100k: new Tiktoken(cl100k) };

/** A small deterministic generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const SAMPLES = Object.values(TOKEN_SAMPLES);

function textOf(next: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => SAMPLES[Math.floor(next() * SAMPLES.length)]!).join('\n');
}

function passageOf(next: () => number, index: number): Passage {
  return { label: `P${index + 1}`, chunkId: `c${index}`, documentId: `d${index}`, title: 'Doc', headingPath: ['Doc', `Part ${index}`], text: textOf(next, 1 + Math.floor(next() * 6)), url: null, score: 1, ranks: {} };
}

describe('the token budget with the approximate counter never overflows a model window', () => {
  it('on 60 prompts of mixed English, CJK, code and identifiers, counted exactly by o200k_base and cl100k_base', () => {
    const counter = new ApproximateCounter();
    let fitted = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const contextWindow = [1024, 2048, 4096, 8192][seed % 4]!;
      const maxOutputTokens = [128, 256, 512][seed % 3]!;
      const system = systemMessage(textOf(next, 1));
      const question = textOf(next, 1);
      const history: ConversationTurn[] = Array.from({ length: Math.floor(next() * 6) }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', text: textOf(next, 1 + Math.floor(next() * 3)) }));
      const passages = Array.from({ length: 5 + Math.floor(next() * 25) }, (_, i) => passageOf(next, i));
      let fit: ReturnType<typeof fitToBudget<Passage, ConversationTurn>>;
      try {
        fit = fitToBudget({ counter, contextWindow, maxOutputTokens, system: system.content, question, history, passages, formatPassage, formatTurn: (turn) => turn.text });
      } catch (error) {
        // Refusing is fine: the system prompt and question alone may not fit a small window.
        expect(error).toBeInstanceOf(BudgetError);
        continue;
      }
      fitted++;
      const messages = [system, ...fit.history.map((turn) => ({ content: turn.text })), questionMessage(question, fit.passages)];
      for (const [name, encoder] of Object.entries(encoders)) {
        const prompt = messages.reduce((sum, message) => sum + encoder.encode(message.content, [], []).length + MESSAGE_OVERHEAD, REPLY_PRIMING);
        expect(prompt + maxOutputTokens, `seed ${seed}, ${name}`).toBeLessThanOrEqual(contextWindow);
      }
    }
    expect(fitted).toBeGreaterThan(40);
  }, 60_000);
});
