import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { ApproximateCounter } from '../../domain/answer/approximate-counter';
import { TOKEN_SAMPLES } from './token-samples';

// The exact tokenizers, as OpenAI counts: o200k_base (gpt-4o and later) and cl100k_base (gpt-4, gpt-3.5).
const exact = { o200k: new Tiktoken(o200k), cl100k: new Tiktoken(cl100k) };
const approximate = new ApproximateCounter();
const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('ApproximateCounter against the exact tokenizers', () => {
  it.each(Object.entries(TOKEN_SAMPLES))('never counts %s under o200k_base or cl100k_base, nor over its byte length', (_, text) => {
    const estimate = approximate.count(text);
    for (const encoder of Object.values(exact)) expect(estimate).toBeGreaterThanOrEqual(encoder.encode(text, [], []).length);
    expect(estimate).toBeLessThanOrEqual(bytes(text));
  });

  it('never counts any line of the samples under, so short texts (one turn, one heading) are safe too', () => {
    for (const line of Object.values(TOKEN_SAMPLES).flatMap((text) => text.split('\n'))) {
      for (const encoder of Object.values(exact)) expect(approximate.count(line), line).toBeGreaterThanOrEqual(encoder.encode(line, [], []).length);
    }
  });

  it('stays useful: English and code within 2x of the exact count, where counting bytes would be 4x', () => {
    for (const name of ['english', 'typescript', 'markdown']) {
      const text = TOKEN_SAMPLES[name]!;
      const tokens = exact.o200k.encode(text, [], []).length;
      expect(approximate.count(text) / tokens, name).toBeLessThan(2);
    }
    expect(approximate.count('')).toBe(0);
    expect(approximate.count('hello world')).toBe(2);
  });
});

// The knowledge corpora the project is benchmarked on (../shared/corpora from
// the checkout, or $COUNTERSIGN_CORPORA); absent on most machines.
const corpora = process.env.COUNTERSIGN_CORPORA ?? path.resolve(process.cwd(), '../shared/corpora');
const filesUnder = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(mdx?|txt|html?)$/i.test(name) ? [full] : [];
  });

describe.skipIf(!existsSync(corpora))('ApproximateCounter on the knowledge corpora', () => {
  it('never counts a document, or a passage-sized piece of one, under the exact tokenizers', () => {
    const files = filesUnder(corpora);
    expect(files.length).toBeGreaterThan(10);
    let estimated = 0;
    let counted = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // 1,500 characters: about the size of a stored chunk.
      const pieces = [text, ...(text.match(/[\s\S]{1,1500}/g) ?? [])];
      for (const piece of pieces) {
        const estimate = approximate.count(piece);
        for (const encoder of Object.values(exact)) {
          const tokens = encoder.encode(piece, [], []).length;
          if (estimate < tokens) expect.fail(`${path.relative(corpora, file)}: estimated ${estimate} < exact ${tokens}`);
        }
      }
      estimated += approximate.count(text);
      counted += exact.o200k.encode(text, [], []).length;
    }
    expect(estimated / counted).toBeLessThan(2);
  }, 120_000);
});
