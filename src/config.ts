/**
 * The Worker's configuration, read once per request from `Env` and checked:
 * a bad value fails loudly at the first request rather than misbehaving.
 */
export interface AppConfig {
  adminToken: string | null;
  maxDocumentBytes: number;
  vectorIndex: 'vectorize' | 'd1';
  embeddings: { apiKey: string; baseURL: string; model: string; dimensions: number | undefined } | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: Env): AppConfig {
  const vectorIndex = env.VECTOR_INDEX || 'vectorize';
  if (vectorIndex !== 'vectorize' && vectorIndex !== 'd1') throw new ConfigError('VECTOR_INDEX must be "vectorize" or "d1"');
  const maxDocumentBytes = Number(env.MAX_DOCUMENT_BYTES || 5_000_000);
  if (!Number.isInteger(maxDocumentBytes) || maxDocumentBytes <= 0) throw new ConfigError('MAX_DOCUMENT_BYTES must be a positive integer');
  const dimensions = env.EMBEDDING_DIMENSIONS ? Number(env.EMBEDDING_DIMENSIONS) : undefined;
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || dimensions <= 0)) {
    throw new ConfigError('EMBEDDING_DIMENSIONS must be a positive integer');
  }
  const apiKey = env.OPENAI_API_KEY?.trim();
  return {
    adminToken: env.ADMIN_TOKEN?.trim() || null,
    maxDocumentBytes,
    vectorIndex,
    embeddings: apiKey
      ? {
          apiKey,
          baseURL: env.OPENAI_BASE_URL || 'https://api.openai.com/v1',
          model: env.EMBEDDING_MODEL || 'text-embedding-3-small',
          // Only OpenAI's text-embedding-3 models accept a requested size; others have a fixed one.
          dimensions: (env.EMBEDDING_MODEL || '').startsWith('text-embedding-3') ? dimensions : undefined,
        }
      : null,
  };
}
