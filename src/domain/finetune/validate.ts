import type { TokenCounter } from '../answer/chat-model';
import type { TrainingMessage } from './types';

export { defaultEpochs, estimateCost, FINE_TUNING_PRICES } from './cost';

export interface ValidationOptions {
  counter: TokenCounter;
  /** The base model's training context per example (OpenAI lists it per model). */
  maxTokensPerExample: number;
  /** Below this, the file is refused (OpenAI's documented minimum is 10). */
  minExamples?: number;
  /** Below this, a warning (default 500). */
  recommendedExamples?: number;
}

export interface ValidationReport {
  /** `index` is the example's position; -1 for the file as a whole. */
  errors: { index: number; message: string }[];
  warnings: string[];
  stats: { examples: number; totalTokens: number; maxTokens: number; meanTokens: number };
}

const ROLES = new Set(['system', 'user', 'assistant']);
// OpenAI's cookbook check ("message_unrecognized_key") allows these; we never write name or weight.
const MESSAGE_KEYS = new Set(['role', 'content', 'name', 'weight']);

/**
 * Checks supervised examples the way OpenAI's data-preparation cookbook and
 * fine-tuning guide describe: a `messages` list; roles system, user or
 * assistant; at most one system message, first; user and assistant
 * alternating after it; the last message from the assistant; no empty
 * content; each example within the token limit; at least 10 examples.
 * Messages never quote example content: it may hold personal data.
 */
export function validateChatExamples(examples: readonly unknown[], options: ValidationOptions): ValidationReport {
  return validateAll(examples, options, (example, index, errors) => {
    const messages = conversation((example as { messages?: unknown } | null)?.messages, 'assistant', index, errors, 'messages');
    if (!messages) return null;
    const tokens = countConversationTokens(messages, options.counter);
    checkLimit(tokens, options, index, errors);
    return tokens;
  });
}

/**
 * Checks DPO examples (OpenAI's preference format): `input.messages` as a
 * conversation ending with the user's turn, and exactly one non-empty
 * assistant message in each of `preferred_output` and `non_preferred_output`
 * (OpenAI trains DPO on one-turn outputs), which must differ. The token limit
 * applies to the input with the longer output; the stats count both outputs,
 * since both are run through the model (an estimate of billed tokens).
 */
export function validatePreferencePairs(pairs: readonly unknown[], options: ValidationOptions): ValidationReport {
  return validateAll(pairs, options, (pair, index, errors) => {
    const record = (pair ?? {}) as { input?: { messages?: unknown }; preferred_output?: unknown; non_preferred_output?: unknown };
    const input = conversation(record.input?.messages, 'user', index, errors, 'input.messages');
    const preferred = singleAssistant(record.preferred_output, 'preferred_output', index, errors);
    const nonPreferred = singleAssistant(record.non_preferred_output, 'non_preferred_output', index, errors);
    if (!input || !preferred || !nonPreferred) return null;
    if (preferred.content.trim() === nonPreferred.content.trim()) {
      errors.push({ index, message: 'preferred_output and non_preferred_output are the same: the pair teaches nothing' });
    }
    const withPreferred = countConversationTokens([...input, preferred], options.counter);
    const withNonPreferred = countConversationTokens([...input, nonPreferred], options.counter);
    checkLimit(Math.max(withPreferred, withNonPreferred), options, index, errors);
    return withPreferred + withNonPreferred;
  });
}

/**
 * Tokens of a conversation as OpenAI's cookbook estimates them: 3 per
 * message for its framing, the role and content, and 3 to prime the reply.
 */
export function countConversationTokens(messages: readonly TrainingMessage[], counter: TokenCounter): number {
  let tokens = 3;
  for (const message of messages) tokens += 3 + counter.count(message.role) + counter.count(message.content);
  return tokens;
}

type Check = (example: unknown, index: number, errors: ValidationReport['errors']) => number | null;

function validateAll(examples: readonly unknown[], options: ValidationOptions, check: Check): ValidationReport {
  const errors: ValidationReport['errors'] = [];
  const warnings: string[] = [];
  const minimum = options.minExamples ?? 10;
  const recommended = options.recommendedExamples ?? 500;
  if (examples.length < minimum) {
    errors.push({ index: -1, message: `${examples.length} examples: OpenAI requires at least ${minimum}` });
  } else if (examples.length < recommended) {
    warnings.push(
      `${examples.length} examples: OpenAI sees improvements from 50 to 100 well-made examples, but usually 500 to 1,000 examples make a difference for a support assistant; keep collecting reviewed replies`,
    );
  }
  const counts: number[] = [];
  examples.forEach((example, index) => {
    const tokens = check(example, index, errors);
    if (tokens !== null) counts.push(tokens);
  });
  const totalTokens = counts.reduce((sum, tokens) => sum + tokens, 0);
  const maxTokens = counts.reduce((max, tokens) => Math.max(max, tokens), 0);
  const meanTokens = counts.length > 0 ? totalTokens / counts.length : 0;
  return { errors, warnings, stats: { examples: examples.length, totalTokens, maxTokens, meanTokens } };
}

function checkLimit(tokens: number, options: ValidationOptions, index: number, errors: ValidationReport['errors']): void {
  if (tokens > options.maxTokensPerExample) {
    errors.push({ index, message: `${tokens} tokens, over the limit of ${options.maxTokensPerExample} per example (it would be truncated)` });
  }
}

function conversation(
  value: unknown,
  lastRole: 'assistant' | 'user',
  index: number,
  errors: ValidationReport['errors'],
  field: string,
): TrainingMessage[] | null {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ index, message: `${field} is missing or empty` });
    return null;
  }
  const before = errors.length;
  const messages: TrainingMessage[] = [];
  value.forEach((raw, position) => {
    const message = checkMessage(raw, `${field}[${position}]`, index, errors);
    if (message) messages.push(message);
  });
  if (errors.length > before) return null;
  const start = messages[0]!.role === 'system' ? 1 : 0;
  messages.forEach((message, position) => {
    if (message.role === 'system' && position > 0) errors.push({ index, message: `${field}[${position}]: a system message may only come first` });
  });
  for (let position = start; position < messages.length; position++) {
    const expected = (position - start) % 2 === 0 ? 'user' : 'assistant';
    const role = messages[position]!.role;
    if (role !== expected && role !== 'system') {
      errors.push({ index, message: `${field}[${position}]: expected ${expected === 'user' ? 'a user' : 'an assistant'} message (user and assistant must alternate)` });
      break;
    }
  }
  if (messages[messages.length - 1]!.role !== lastRole) errors.push({ index, message: `${field}: the last message must be from the ${lastRole}` });
  return errors.length > before ? null : messages;
}

function checkMessage(raw: unknown, where: string, index: number, errors: ValidationReport['errors']): TrainingMessage | null {
  if (typeof raw !== 'object' || raw === null) {
    errors.push({ index, message: `${where}: not an object` });
    return null;
  }
  const message = raw as Record<string, unknown>;
  const unknown = Object.keys(message).filter((key) => !MESSAGE_KEYS.has(key));
  if (unknown.length > 0) errors.push({ index, message: `${where}: unrecognised keys ${unknown.map((key) => JSON.stringify(key.slice(0, 20))).join(', ')}` });
  if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
    errors.push({ index, message: `${where}: role must be system, user or assistant` });
    return null;
  }
  if (typeof message.content !== 'string' || message.content.trim() === '') {
    errors.push({ index, message: `${where}: content is missing or empty` });
    return null;
  }
  if (message.weight !== undefined && message.weight !== 0 && message.weight !== 1) errors.push({ index, message: `${where}: weight must be 0 or 1` });
  return { role: message.role as TrainingMessage['role'], content: message.content };
}

function singleAssistant(value: unknown, field: string, index: number, errors: ValidationReport['errors']): TrainingMessage | null {
  if (!Array.isArray(value) || value.length !== 1) {
    errors.push({ index, message: `${field} must hold exactly one assistant message` });
    return null;
  }
  const message = checkMessage(value[0], `${field}[0]`, index, errors);
  if (message && message.role !== 'assistant') {
    errors.push({ index, message: `${field}[0]: role must be assistant` });
    return null;
  }
  return message;
}
