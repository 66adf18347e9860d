import OpenAI from 'openai';
import type { Embedder } from '../../domain/knowledge/ports';

export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  dimensions?: number | undefined;
  /** Search waits on the query embedding, so fail fast and fall back to lexical. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Embeddings from any OpenAI-compatible endpoint (OpenAI, Azure, Workers AI, Ollama, vLLM). */
export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly dimensions: number | undefined;

  constructor(options: OpenAIEmbedderOptions) {
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 15_000,
      maxRetries: 2,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const response = await this.client.embeddings.create({
      model: this.model,
      input: texts,
      ...(this.dimensions ? { dimensions: this.dimensions } : {}),
    });
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vectors.length !== texts.length) throw new Error(`embedding count mismatch: sent ${texts.length}, got ${vectors.length}`);
    return vectors;
  }
}
