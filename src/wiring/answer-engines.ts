import { OpenAIChatModel } from '../adapters/openai/openai-chat-model';
import { OpenAIEmbedder } from '../adapters/openai/openai-embedder';
import { VectorizeKnowledgeIndex } from '../adapters/vectorize/vectorize-index';
import { createSignedWebhookSender } from '../adapters/webhooks/signed-webhook';
import type { AppConfig } from '../config';
import { AnswerEngine } from '../domain/answer/answer-engine';
import { ApproximateCounter } from '../domain/answer/approximate-counter';
import type { EngineConfig } from '../domain/answer/engine-config';
import { type AskerAudience, readerFor } from '../domain/answer/types';
import { KnowledgeBase } from '../domain/knowledge/knowledge-base';
import { type SearchDependencies, searchKnowledge } from '../domain/knowledge/search-knowledge';
import { visibleAudiences } from '../domain/knowledge/types';
import { builtinTools } from '../domain/tools/builtin';
import type { ToolRegistry } from '../domain/tools/registry';
import { log } from '../log';
import { currentCalibration } from './current-calibration';
import type { Repositories } from './repositories';

/** The knowledge base, its search, the tools and the answer engines, over the repositories. */
export interface AnswerEngines {
  knowledge: KnowledgeBase;
  search: SearchDependencies;
  /** The tools that run approved write actions (create_ticket, webhooks). */
  actionTools(): Promise<ToolRegistry>;
  /**
   * The answer engine for one kind of asker (tools scoped to what they may
   * see). With a channel, its confidence model and send threshold are the
   * channel's calibration (latest refit, threshold from its target); without
   * one (admin previews), the configured defaults.
   */
  engineFor(audience: AskerAudience, channel?: string): Promise<AnswerEngine>;
}

export function buildAnswerEngines(env: Env, config: AppConfig, repositories: Repositories): AnswerEngines {
  const store = repositories.documents;
  const embedder = config.embeddings ? new OpenAIEmbedder(config.embeddings) : null;
  const vectorize = config.vectorIndex === 'vectorize' ? new VectorizeKnowledgeIndex(env.VECTORS) : null;
  const semantic = embedder ? (vectorize ?? repositories.vectors) : null;
  const lexical = repositories.lexical;
  const search: SearchDependencies = { store, lexical, semantic, embedder };
  const model = config.chat
    ? new OpenAIChatModel({ ...config.chat, exactCounts: config.tokenCounter === 'provider', fetch: (input, init) => fetch(input, init) })
    : null;
  const toolsFor = (audience: AskerAudience) => {
    const reader = readerFor(audience);
    return builtinTools({
      timeZone: config.timeZone,
      searchPassages: async (query) => (await searchKnowledge(search, { text: query, audience: reader, k: 5 })).hits.map(toToolPassage),
      ticketSink: repositories.tickets,
      ...(config.webhooks
        ? { webhooks: { config: config.webhooks.config, send: createSignedWebhookSender({ secret: config.webhooks.secret, fetch: (input, init) => fetch(input, init) }) } }
        : {}),
    });
  };

  return {
    // No PDF parser in the Worker (pdf.js would be most of the bundle): `npm run ingest` extracts PDFs in Node.
    knowledge: new KnowledgeBase({ store, extractPdf: null, embedder, externalVectors: embedder ? vectorize : null, log }),
    search,
    // Write tools do not search, so the (narrower) customer registry serves every audience.
    actionTools: async () => toolsFor('customer'),
    async engineFor(audience, channel) {
      const tools = model ? toolsFor(audience) : null;
      // Read per question: a refit or a new target changes what the very next answer sends.
      const calibration = channel ? await currentCalibration(repositories.calibrations, channel) : null;
      const engineConfig: EngineConfig = calibration
        ? { ...config.engine, calibration: calibration.model, sendThreshold: { ...config.engine.sendThreshold, [audience]: calibration.threshold } }
        : config.engine;
      return new AnswerEngine({
        search: (text, searchReader, k) => searchKnowledge(search, { text, audience: searchReader, k }),
        termStatistics: (words, searchReader) => lexical.termStatistics(words, visibleAudiences(searchReader)),
        model,
        // A conservative estimate: the tokenizer's rank tables would be most of the bundle.
        // Near the window the model adapter asks the provider for exact counts (TOKEN_COUNTER=provider).
        counter: new ApproximateCounter(),
        tools,
        verified: repositories.verified,
        existingChunks: async (ids) => new Set((await store.getChunks(ids)).keys()),
        config: engineConfig,
        now: () => new Date(),
        newId: () => crypto.randomUUID(),
      });
    },
  };
}

function toToolPassage(hit: Awaited<ReturnType<typeof searchKnowledge>>['hits'][number]) {
  return { title: hit.chunk.title, headingPath: hit.chunk.headingPath, text: hit.chunk.text, url: hit.url };
}
