import { env } from 'cloudflare:test';
import { OpenAIChatModel } from '../../src/adapters/openai/openai-chat-model';
import { ApproximateCounter } from '../../src/domain/answer/approximate-counter';
import { AnswerEngine } from '../../src/domain/answer/answer-engine';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../src/domain/answer/engine-config';
import { KnowledgeBase } from '../../src/domain/knowledge/knowledge-base';
import { searchKnowledge } from '../../src/domain/knowledge/search-knowledge';
import { type DocumentAudience, visibleAudiences } from '../../src/domain/knowledge/types';
import { builtinTools } from '../../src/domain/tools/builtin';
import { wiringFor } from '../../src/wiring/wiring';

/**
 * The answer engine wired as in production, but against the fake OpenAI
 * server: the real OpenAI adapter over HTTP, real D1 search, real tools
 * (the wiring's repositories; only the model and the engine settings differ).
 */
export const FINE_TUNED_MODEL = 'ft:gpt-4o-mini-2024-07-18:acme:support:abc123';

export const store = () => wiringFor(env).documents;

export async function ingest(id: string, audience: DocumentAudience, markdown: string) {
  const knowledge = new KnowledgeBase({ store: store(), extractPdf: async () => [], embedder: null, externalVectors: null });
  return knowledge.put({ id, audience, format: 'markdown', tags: [], bytes: new TextEncoder().encode(markdown) });
}

export function engine(options: { model?: boolean; config?: Partial<EngineConfig>; contextWindow?: number } = {}) {
  const documents = store();
  const lexical = wiringFor(env).lexical;
  const search = { store: documents, lexical, semantic: null, embedder: null };
  const model =
    options.model === false
      ? null
      : new OpenAIChatModel({
          apiKey: 'test-openai-key',
          baseURL: env.FAKE_OPENAI_URL,
          model: FINE_TUNED_MODEL,
          contextWindow: options.contextWindow,
          maxRetries: 2,
          timeoutMs: 3000,
          sleep: async () => {},
        });
  return new AnswerEngine({
    search: (text, reader, k) => searchKnowledge(search, { text, audience: reader, k }),
    termStatistics: (words, reader) => lexical.termStatistics(words, visibleAudiences(reader)),
    model,
    counter: new ApproximateCounter(),
    tools: builtinTools({
      timeZone: 'Europe/Lisbon',
      searchPassages: async () => [],
      ticketSink: wiringFor(env).tickets,
    }),
    verified: wiringFor(env).verified,
    existingChunks: async (ids) => new Set((await documents.getChunks(ids)).keys()),
    config: { ...DEFAULT_ENGINE_CONFIG, ...options.config },
    now: () => new Date('2026-11-26T10:00:00Z'),
    newId: () => crypto.randomUUID(),
  });
}

export const answerJson = (answer: string, citations: string[], assessment = 'answered') => ({ json: { answer, citations, assessment } });
