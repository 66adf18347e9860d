import { z } from 'zod';
import { TOOL_NAME_PATTERN } from './registry';

/** Argument names: what the receiver gets as JSON keys, so keep them plain. */
const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface WebhookParameterConfig {
  type: 'string' | 'number' | 'boolean';
  description: string;
  /** Parameters are required unless this is `false`: an action should not guess. */
  required?: boolean;
  enum?: string[];
}

export interface WebhookActionConfig {
  name: string;
  description: string;
  url: string;
  parameters: Record<string, WebhookParameterConfig>;
}

/** The webhook configuration is unusable; the message names the entry and the field. */
export class WebhookConfigError extends Error {
  override name = 'WebhookConfigError';
}

export interface WebhookConfigOptions {
  /** Allow `http://localhost` receivers, for local development only. */
  allowHttpLocalhost?: boolean;
}

/**
 * Validates the configured webhook actions (a JSON array, or its text).
 * Objects are strict, so a typo such as "requried" is an error rather than a
 * silently optional parameter. Only https URLs are accepted: the request
 * carries a signature and customer data.
 */
export function parseWebhookConfig(json: unknown, options: WebhookConfigOptions = {}): WebhookActionConfig[] {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new WebhookConfigError('Webhook actions are not valid JSON: expected an array of action objects');
    }
  }
  if (!Array.isArray(value)) throw new WebhookConfigError('Webhook actions must be a JSON array of action objects');
  const result = configSchema(options).safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [index, ...field] = issue.path;
  const entry = typeof index === 'number' ? value[index] : undefined;
  const name = typeof entry?.name === 'string' ? ` ("${entry.name.slice(0, 64)}")` : '';
  const where = field.length > 0 ? `, field "${field.join('.')}"` : '';
  throw new WebhookConfigError(`Invalid webhook action at index ${String(index)}${name}${where}: ${issue.message}`);
}

function configSchema(options: WebhookConfigOptions) {
  const parameter = z
    .object({
      type: z.enum(['string', 'number', 'boolean']),
      description: z.string().trim().min(1).max(500),
      required: z.boolean().optional(),
      enum: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
    })
    .strict()
    .refine((value) => !value.enum || value.type === 'string', { message: 'enum is only allowed for string parameters', path: ['enum'] });
  const action = z
    .object({
      name: z.string().regex(TOOL_NAME_PATTERN, `must match ${TOOL_NAME_PATTERN.source}`),
      description: z.string().trim().min(1).max(1024),
      url: z.string().superRefine((url, context) => {
        const problem = urlProblem(url, options);
        if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
      parameters: z.record(z.string().regex(FIELD_NAME_PATTERN, 'parameter names must be letters, digits and _'), parameter).default({}),
    })
    .strict();
  return z
    .array(action)
    .max(50)
    .superRefine((actions, context) => {
      const seen = new Set<string>();
      actions.forEach((entry, index) => {
        if (seen.has(entry.name)) context.addIssue({ code: z.ZodIssueCode.custom, message: 'duplicate action name', path: [index, 'name'] });
        seen.add(entry.name);
      });
    });
}

/** Why a receiver URL is refused, or null. Never echoes the URL: it may hold a token. */
function urlProblem(text: string, options: WebhookConfigOptions): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a valid URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed; the request is signed instead';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && options.allowHttpLocalhost && LOCAL_HOSTS.has(url.hostname)) return null;
  return 'only https URLs are allowed';
}
