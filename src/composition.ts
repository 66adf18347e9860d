import type { ReadModels } from './application/console-read-models';
import { D1AuditReads } from './adapters/d1/d1-audit-reads';
import { D1ConversationReads, D1WebConversations } from './adapters/d1/d1-conversation-reads';
import { D1DocumentStore } from './adapters/d1/d1-document-store';
import { D1DraftStore } from './adapters/d1/d1-draft-store';
import { D1FeedbackStore } from './adapters/d1/d1-feedback-store';
import { D1LexicalIndex } from './adapters/d1/d1-lexical-index';
import { D1ReviewList } from './adapters/d1/d1-review-list';
import { D1TicketSink } from './adapters/d1/d1-ticket-sink';
import { D1TrainingExamples } from './adapters/d1/d1-training-examples';
import { D1VectorIndex } from './adapters/d1/d1-vector-index';
import { D1VerifiedAnswerStore } from './adapters/d1/d1-verified-answer-store';
import { OpenAIChatModel } from './adapters/openai/openai-chat-model';
import { OpenAIEmbedder } from './adapters/openai/openai-embedder';
import { VectorizeKnowledgeIndex } from './adapters/vectorize/vectorize-index';
import { createSignedWebhookSender } from './adapters/webhooks/signed-webhook';
import { calibrationStore, currentCalibration } from './calibration-composition';
import { type AppConfig, readConfig } from './config';
import { AnswerEngine } from './domain/answer/answer-engine';
import type { EngineConfig } from './domain/answer/engine-config';
import { ApproximateCounter } from './domain/answer/approximate-counter';
import { type AskerAudience, readerFor } from './domain/answer/types';
import { KnowledgeBase } from './domain/knowledge/knowledge-base';
import { type SearchDependencies, searchKnowledge } from './domain/knowledge/search-knowledge';
import { visibleAudiences } from './domain/knowledge/types';
import { builtinTools } from './domain/tools/builtin';
import type { ToolRegistry } from './domain/tools/registry';
import { log } from './log';

/** The composition root: the one place that turns Env bindings into adapters. */
export interface Services {
  knowledge: KnowledgeBase;
  search: SearchDependencies;
  drafts: D1DraftStore;
  verified: D1VerifiedAnswerStore;
  feedback: D1FeedbackStore;
  /** What the console pages and admin API read (ports; the SQL is in adapters/d1). */
  reads: ReadModels;
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

export function buildServices(env: Env, config: AppConfig): Services {
  const store = new D1DocumentStore(env.DB);
  const embedder = config.embeddings ? new OpenAIEmbedder(config.embeddings) : null;
  const vectorize = config.vectorIndex === 'vectorize' ? new VectorizeKnowledgeIndex(env.VECTORS) : null;
  const semantic = embedder ? (vectorize ?? new D1VectorIndex(env.DB)) : null;
  const lexical = new D1LexicalIndex(env.DB);
  const search: SearchDependencies = { store, lexical, semantic, embedder };
  const verified = new D1VerifiedAnswerStore(env.DB);
  const calibrations = calibrationStore(env.DB);
  const model = config.chat
    ? new OpenAIChatModel({ ...config.chat, exactCounts: config.tokenCounter === 'provider', fetch: (input, init) => fetch(input, init) })
    : null;
  const toolsFor = (audience: AskerAudience) => {
    const reader = readerFor(audience);
    return builtinTools({
      timeZone: config.timeZone,
      searchPassages: async (query) => (await searchKnowledge(search, { text: query, audience: reader, k: 5 })).hits.map(toToolPassage),
      ticketSink: new D1TicketSink(env.DB),
      ...(config.webhooks
        ? { webhooks: { config: config.webhooks.config, send: createSignedWebhookSender({ secret: config.webhooks.secret, fetch: (input, init) => fetch(input, init) }) } }
        : {}),
    });
  };

  return {
    // No PDF parser in the Worker (pdf.js would be most of the bundle): `npm run ingest` extracts PDFs in Node.
    knowledge: new KnowledgeBase({ store, extractPdf: null, embedder, externalVectors: embedder ? vectorize : null, log }),
    search,
    drafts: new D1DraftStore(env.DB),
    verified,
    feedback: new D1FeedbackStore(env.DB),
    reads: {
      reviews: new D1ReviewList(env.DB),
      audit: new D1AuditReads(env.DB),
      conversations: new D1ConversationReads(env.DB),
      webConversations: new D1WebConversations(env.DB),
      training: new D1TrainingExamples(env.DB),
    },
    // Write tools do not search, so the (narrower) customer registry serves every audience.
    actionTools: async () => toolsFor('customer'),
    async engineFor(audience, channel) {
      const tools = model ? toolsFor(audience) : null;
      // Read per question: a refit or a new target changes what the very next answer sends.
      const calibration = channel ? await currentCalibration(calibrations, channel) : null;
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
        verified,
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

// Env is fixed for an isolate's life, so configuration and adapters are
// built once per isolate rather than on every request or queue message.
const built = new WeakMap<object, { config: AppConfig; services: Services }>();

/** The checked configuration and the services for this Env, built on first use. */
export function servicesFor(env: Env): { config: AppConfig; services: Services } {
  let entry = built.get(env);
  if (!entry) {
    const config = readConfig(env);
    entry = { config, services: buildServices(env, config) };
    built.set(env, entry);
  }
  return entry;
}
