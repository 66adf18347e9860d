import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './domain/answer/engine-config';
import type { WebChatLimits } from './domain/webchat/messages';

/**
 * The Worker's configuration, read from `Env` and checked: a bad value fails
 * loudly at the first request rather than misbehaving quietly.
 */
export interface AppConfig {
  adminToken: string | null;
  maxDocumentBytes: number;
  vectorIndex: 'vectorize' | 'd1';
  embeddings: { apiKey: string; baseURL: string; model: string; dimensions: number | undefined } | null;
  /** Null: extractive mode. */
  chat: { apiKey: string; baseURL: string; model: string; contextWindow: number | undefined } | null;
  /** 'provider': the estimate, and the provider's exact count near the window; 'approximate': the estimate only. */
  tokenCounter: 'provider' | 'approximate';
  engine: EngineConfig;
  timeZone: string;
  /** Declared webhook actions (validated when the tools are built) and their signing secret. */
  webhooks: { config: unknown; secret: string } | null;
  web: WebChatConfig;
}

export interface WebChatConfig {
  /** Null: web chat is off (no WEB_SESSION_SECRET). */
  sessionSecret: string | null;
  /** Lets staff open sessions while a channel is internal; null: no previews. */
  previewKey: string | null;
  /** Site origins allowed to embed the widget (CORS and WebSocket Origin checks). */
  allowedOrigins: string[];
  sessionTtlSeconds: number;
  limits: WebChatLimits;
  /** Share of replies sent unreviewed in `autonomous` that staff grade afterwards. */
  sampleRate: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: Env): AppConfig {
  const vectorIndex = env.VECTOR_INDEX || 'vectorize';
  if (vectorIndex !== 'vectorize' && vectorIndex !== 'd1') throw new ConfigError('VECTOR_INDEX must be "vectorize" or "d1"');
  const apiKey = env.OPENAI_API_KEY?.trim();
  const baseURL = env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
  const chatModel = env.CHAT_MODEL?.trim();
  return {
    adminToken: env.ADMIN_TOKEN?.trim() || null,
    maxDocumentBytes: positiveInteger('MAX_DOCUMENT_BYTES', env.MAX_DOCUMENT_BYTES) ?? 5_000_000,
    vectorIndex,
    embeddings: apiKey
      ? {
          apiKey,
          baseURL,
          model: env.EMBEDDING_MODEL || 'text-embedding-3-small',
          // Only OpenAI's text-embedding-3 models accept a requested size; others have a fixed one.
          dimensions: (env.EMBEDDING_MODEL || '').startsWith('text-embedding-3') ? positiveInteger('EMBEDDING_DIMENSIONS', env.EMBEDDING_DIMENSIONS) : undefined,
        }
      : null,
    // Local servers (Ollama, vLLM) need no key, so a model name alone enables the model.
    chat: chatModel
      ? { apiKey: apiKey || 'not-needed', baseURL, model: chatModel, contextWindow: positiveInteger('CHAT_CONTEXT_WINDOW', env.CHAT_CONTEXT_WINDOW) }
      : null,
    tokenCounter: tokenCounter(env.TOKEN_COUNTER),
    engine: {
      ...DEFAULT_ENGINE_CONFIG,
      systemPrompts: {
        employee: env.SYSTEM_PROMPT_EMPLOYEE?.trim() || DEFAULT_ENGINE_CONFIG.systemPrompts.employee,
        customer: env.SYSTEM_PROMPT_CUSTOMER?.trim() || DEFAULT_ENGINE_CONFIG.systemPrompts.customer,
      },
      sendThreshold: {
        employee: fraction('SEND_THRESHOLD_EMPLOYEE', env.SEND_THRESHOLD_EMPLOYEE) ?? DEFAULT_ENGINE_CONFIG.sendThreshold.employee,
        customer: fraction('SEND_THRESHOLD_CUSTOMER', env.SEND_THRESHOLD_CUSTOMER) ?? DEFAULT_ENGINE_CONFIG.sendThreshold.customer,
      },
    },
    timeZone: timeZone(env.COMPANY_TIME_ZONE || 'UTC'),
    webhooks: webhooks(env.ACTION_WEBHOOKS, env.ACTION_WEBHOOK_SECRET),
    web: webChat(env),
  };
}

function webChat(env: Env): WebChatConfig {
  const sessionSecret = env.WEB_SESSION_SECRET?.trim() || null;
  if (sessionSecret && sessionSecret.length < 32) throw new ConfigError('WEB_SESSION_SECRET must be at least 32 characters');
  const previewKey = env.WEB_PREVIEW_KEY?.trim() || null;
  if (previewKey && previewKey.length < 16) throw new ConfigError('WEB_PREVIEW_KEY must be at least 16 characters');
  return {
    sessionSecret,
    previewKey,
    allowedOrigins: origins(env.WEB_ALLOWED_ORIGINS),
    sessionTtlSeconds: (positiveInteger('WEB_SESSION_TTL_HOURS', env.WEB_SESSION_TTL_HOURS) ?? 24) * 3600,
    limits: {
      maxMessageChars: positiveInteger('WEB_MAX_MESSAGE_CHARS', env.WEB_MAX_MESSAGE_CHARS) ?? 2000,
      maxHistory: positiveInteger('WEB_MAX_HISTORY', env.WEB_MAX_HISTORY) ?? 200,
      perSessionPerMinute: positiveInteger('WEB_RATE_PER_SESSION', env.WEB_RATE_PER_SESSION) ?? 10,
      perIpPerMinute: positiveInteger('WEB_RATE_PER_IP', env.WEB_RATE_PER_IP) ?? 60,
    },
    sampleRate: fraction('SAMPLE_RATE', env.SAMPLE_RATE) ?? 0.1,
  };
}

function origins(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const origin of list) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`WEB_ALLOWED_ORIGINS: "${origin}" is not an origin such as https://www.example.com`);
    }
    if (parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new ConfigError(`WEB_ALLOWED_ORIGINS: "${origin}" is not an origin such as https://www.example.com (no path, no trailing slash)`);
    }
  }
  return list;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new ConfigError(`${name} must be a positive integer`);
  return number;
}

function fraction(name: string, value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new ConfigError(`${name} must be a number from 0 to 1`);
  return number;
}

function tokenCounter(value: string | undefined): AppConfig['tokenCounter'] {
  const name = value?.trim() || 'provider';
  // "tiktoken" (exact counting in the Worker) is gone with its 2.2 MB of ranks; the provider's count replaces it.
  if (name === 'tiktoken') return 'provider';
  if (name !== 'provider' && name !== 'approximate') throw new ConfigError('TOKEN_COUNTER must be "provider" or "approximate"');
  return name;
}

function timeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name;
  } catch {
    throw new ConfigError('COMPANY_TIME_ZONE must be an IANA time zone such as "Europe/Lisbon"');
  }
}

function webhooks(json: string | undefined, secret: string | undefined): AppConfig['webhooks'] {
  if (!json?.trim() || json.trim() === '[]') return null;
  let config: unknown;
  try {
    config = JSON.parse(json);
  } catch {
    throw new ConfigError('ACTION_WEBHOOKS must be a JSON array');
  }
  if (!secret || secret.length < 16) throw new ConfigError('ACTION_WEBHOOKS needs the ACTION_WEBHOOK_SECRET secret (16+ characters)');
  return { config, secret };
}
