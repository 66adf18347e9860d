import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './domain/answer/engine-config';
import type { RolloutStage } from './domain/answer/types';
import { type ModelPrices, parseModelPrices, parseReadinessConfig, type ReadinessConfig, type StepDownThresholds } from './domain/metrics';
import type { DeadlineConfig } from './domain/review/deadlines';
import type { WebChatLimits } from './domain/webchat/messages';

/**
 * The Worker's configuration, read from `Env` and checked: a bad value fails
 * loudly at the first request rather than misbehaving quietly. The one
 * reader of Env settings, a section per part. The core is checked at once;
 * the rollout, safety and retention sections on first use, each alone, so a
 * typo in READINESS_BARS fails the figures and the step-down net (naming the
 * setting) and leaves chat, review and the other nets running.
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
  rollout: RolloutConfig;
  safety: SafetyConfig;
  retention: RetentionConfig;
}

export interface RolloutConfig {
  /** READINESS_BARS laid over the defaults; throws MetricsConfigError naming a bad field. */
  readiness(): ReadinessConfig;
  /** MODEL_PRICES; throws MetricsConfigError. */
  prices(): ModelPrices;
  /** SLACK_STAGE: the Slack channel's first stage (sign-offs change it in D1 from then on); throws ConfigError. */
  slackStage(): RolloutStage;
}

/** The safety nets' settings (the five-minute cron). */
export interface SafetyConfig {
  /** REVIEW_REMIND_AFTER and REVIEW_EXPIRE_AFTER, in minutes; 0 switches one off. */
  deadlines(): DeadlineConfig;
  /** The Slack user group (id S...) reminders and alerts mention: REVIEW_REMIND_GROUP, else SLACK_STAFF_USERGROUP, else none. */
  remindGroup(): string | null;
  /** READINESS_BARS' `stepDown` part, the one place the rollout's bars are set. */
  stepDown(): StepDownThresholds;
}

export interface RetentionConfig {
  /** INBOUND_RETENTION_DAYS (default 30; 0 keeps handled Slack events forever). */
  inboundDays(): number;
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
    ...configSections(env),
  };
}

const sectionsByEnv = new WeakMap<object, Pick<AppConfig, 'rollout' | 'safety' | 'retention'>>();

/** The lazily checked sections alone, for jobs that need no more (the cron): an unrelated bad setting does not stop them. */
export function configSections(env: Partial<Env>): Pick<AppConfig, 'rollout' | 'safety' | 'retention'> {
  let sections = sectionsByEnv.get(env);
  if (!sections) {
    sections = lazySections(env);
    sectionsByEnv.set(env, sections);
  }
  return sections;
}

/** Checked on first use and kept; a failure is thrown again on every use (nothing half-read is kept). */
function once<T>(read: () => T): () => T {
  let value: { ok: T } | null = null;
  return () => {
    value ??= { ok: read() };
    return value.ok;
  };
}

function lazySections(env: Partial<Env>): Pick<AppConfig, 'rollout' | 'safety' | 'retention'> {
  const readiness = once(() => parseReadinessConfig(env.READINESS_BARS));
  return {
    rollout: { readiness, prices: once(() => parseModelPrices(env.MODEL_PRICES)), slackStage: once(() => parseSlackStage(env.SLACK_STAGE)) },
    safety: { deadlines: once(() => readDeadlines(env)), remindGroup: once(() => readRemindGroup(env)), stepDown: () => readiness().stepDown },
    retention: { inboundDays: once(() => retentionDays(env.INBOUND_RETENTION_DAYS)) },
  };
}

const STAGE_NAMES: readonly RolloutStage[] = ['internal', 'supervised', 'autonomous'];

/** SLACK_STAGE, default internal. */
export function parseSlackStage(value: string | undefined): RolloutStage {
  const stage = (value?.trim() || 'internal') as RolloutStage;
  if (!STAGE_NAMES.includes(stage)) throw new ConfigError('SLACK_STAGE must be internal, supervised or autonomous');
  return stage;
}

/** Thirty days: a longer deadline is a typo (hours or seconds meant as minutes), not a policy. */
const MAX_MINUTES = 43_200;
const USER_GROUP = /^S[A-Z0-9]{2,}$/;

function readDeadlines(env: Partial<Env>): DeadlineConfig {
  const remindAfterMinutes = minutes('REVIEW_REMIND_AFTER', env.REVIEW_REMIND_AFTER, 30);
  const expireAfterMinutes = minutes('REVIEW_EXPIRE_AFTER', env.REVIEW_EXPIRE_AFTER, 1440);
  if (remindAfterMinutes !== null && expireAfterMinutes !== null && remindAfterMinutes >= expireAfterMinutes) {
    throw new ConfigError('REVIEW_REMIND_AFTER must be shorter than REVIEW_EXPIRE_AFTER: staff are reminded before a review expires');
  }
  return { remindAfterMinutes, expireAfterMinutes };
}

function readRemindGroup(env: Partial<Env>): string | null {
  const group = env.REVIEW_REMIND_GROUP?.trim() || env.SLACK_STAFF_USERGROUP?.trim() || null;
  if (group && !USER_GROUP.test(group)) throw new ConfigError('REVIEW_REMIND_GROUP must be a Slack user group id such as S0123ABCD');
  return group;
}

/** Whole minutes; 0 switches the deadline off (null); empty: the default. */
function minutes(name: string, value: string | undefined, fallback: number): number | null {
  if (!value?.trim()) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > MAX_MINUTES) throw new ConfigError(`${name} must be whole minutes from 0 (off) to ${MAX_MINUTES}`);
  return number === 0 ? null : number;
}

function retentionDays(text: string | undefined): number {
  const value = Number(text || 30);
  if (!Number.isInteger(value) || value < 0 || value > 3650) throw new ConfigError('INBOUND_RETENTION_DAYS must be an integer from 0 to 3650');
  return value;
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
