import { D1DocumentStore } from './adapters/d1/d1-document-store';
import { D1LexicalIndex } from './adapters/d1/d1-lexical-index';
import { D1VectorIndex } from './adapters/d1/d1-vector-index';
import { OpenAIEmbedder } from './adapters/openai/openai-embedder';
import { extractPdfText } from './adapters/pdf/unpdf-extractor';
import { VectorizeKnowledgeIndex } from './adapters/vectorize/vectorize-index';
import type { AppConfig } from './config';
import { KnowledgeBase } from './domain/knowledge/knowledge-base';
import type { SearchDependencies } from './domain/knowledge/search-knowledge';
import { log } from './platform/log';

/** The composition root: the one place that turns Env bindings into adapters. */
export interface Services {
  knowledge: KnowledgeBase;
  search: SearchDependencies;
}

export function buildServices(env: Env, config: AppConfig): Services {
  const store = new D1DocumentStore(env.DB);
  const embedder = config.embeddings
    ? new OpenAIEmbedder({
        apiKey: config.embeddings.apiKey,
        baseURL: config.embeddings.baseURL,
        model: config.embeddings.model,
        dimensions: config.embeddings.dimensions,
      })
    : null;
  const vectorize = config.vectorIndex === 'vectorize' ? new VectorizeKnowledgeIndex(env.VECTORS) : null;
  const semantic = embedder ? (vectorize ?? new D1VectorIndex(env.DB)) : null;
  return {
    knowledge: new KnowledgeBase({ store, extractPdf: extractPdfText, embedder, externalVectors: embedder ? vectorize : null, log }),
    search: { store, lexical: new D1LexicalIndex(env.DB), semantic, embedder },
  };
}
