import type { TokenCounter } from './chat-model';

/**
 * Chat formats wrap each message in a few tokens of their own (role markers,
 * separators): OpenAI documents 3 to 4 per message for its models.
 */
export const MESSAGE_OVERHEAD = 4;
/** The tokens that prime the assistant's reply. */
export const REPLY_PRIMING = 3;
/** Passages are joined with a newline inside the question message. */
export const PASSAGE_SEPARATOR = 1;
/** History never takes more than this share of what system + question leave. */
export const DEFAULT_HISTORY_SHARE = 0.25;

export interface BudgetInput<P extends { label: string; text: string }, T extends { role: string; text: string }> {
  counter: TokenCounter;
  contextWindow: number;
  /** Reserved for the reply. */
  maxOutputTokens: number;
  system: string;
  question: string;
  /** Oldest first, as the conversation happened. */
  history: T[];
  /** Best first. */
  passages: P[];
  /** The text a passage becomes in the prompt (with its label and fencing). */
  formatPassage: (passage: P) => string;
  /** The text a turn becomes in the prompt (one message per turn). */
  formatTurn: (turn: T) => string;
  /**
   * Tokens left unused for what is not counted exactly: the framing around
   * passages and question, and the counter's own error (an approximate
   * counter needs more). Default: 2% of the window, at least 64.
   */
  safetyMargin?: number;
  historyShare?: number;
}

export interface BudgetResult<P, T> {
  /** Kept passages, best first: always a prefix of the input. */
  passages: P[];
  /** Kept turns, oldest first: always the most recent ones. */
  history: T[];
  /** Tokens of the prompt as kept, overheads included: counted, or an upper bound when `exact` is false. */
  promptTokens: number;
  /** False when everything fitted by the byte bound and nothing was counted. */
  exact: boolean;
  dropped: { passages: number; turns: number };
}

/** Even the system prompt and question do not fit: nothing can be sent. */
export class BudgetError extends Error {
  override name = 'BudgetError';
  constructor(
    readonly requiredTokens: number,
    readonly availableTokens: number,
  ) {
    // Sizes only: the prompt and question are user data and stay out of errors.
    super(`the system prompt and question need ${requiredTokens} tokens, but only ${availableTokens} are available for the prompt`);
  }
}

/** Tokens the prompt may take: the window less the reply's reserve and the safety margin. */
export function availableTokens(input: Pick<BudgetInput<never, never>, 'contextWindow' | 'maxOutputTokens' | 'safetyMargin'>): number {
  const margin = input.safetyMargin ?? Math.max(64, Math.ceil(input.contextWindow * 0.02));
  return input.contextWindow - input.maxOutputTokens - margin;
}

/**
 * Decides what of the conversation and the retrieved passages goes into one
 * request. System prompt and question always go in; history may use up to a
 * fixed share of what is left (so a long chat cannot crowd out the
 * knowledge), most recent turns first; passages then fill the rest best-first,
 * so the weakest are the ones dropped. The prompt never exceeds
 * contextWindow - maxOutputTokens - safetyMargin as the counter counts it.
 */
export function fitToBudget<P extends { label: string; text: string }, T extends { role: string; text: string }>(
  input: BudgetInput<P, T>,
): BudgetResult<P, T> {
  const available = availableTokens(input);
  const bounded = fitByBytes(input, available);
  if (bounded) return bounded;
  const { counter } = input;
  // System message, question message (which also carries the passages) and the reply priming.
  const fixed = counter.count(input.system) + counter.count(input.question) + 2 * MESSAGE_OVERHEAD + REPLY_PRIMING;
  if (fixed > available) throw new BudgetError(fixed, Math.max(0, available));

  const historyBudget = Math.floor((available - fixed) * (input.historyShare ?? DEFAULT_HISTORY_SHARE));
  let historyTokens = 0;
  let firstKept = input.history.length;
  // Walk back from the latest turn and stop at the first that does not fit:
  // skipping it to keep an older one would leave a gap in the conversation.
  while (firstKept > 0) {
    const turn = input.history[firstKept - 1]!;
    const cost = counter.count(input.formatTurn(turn)) + MESSAGE_OVERHEAD;
    if (historyTokens + cost > historyBudget) break;
    historyTokens += cost;
    firstKept--;
  }

  const passageBudget = available - fixed - historyTokens;
  let passageTokens = 0;
  let kept = 0;
  // Stop at the first passage that does not fit, even if a weaker, shorter
  // one would: keeping a prefix keeps the ranking's promise that only the
  // weakest are dropped.
  while (kept < input.passages.length) {
    const cost = counter.count(input.formatPassage(input.passages[kept]!)) + PASSAGE_SEPARATOR;
    if (passageTokens + cost > passageBudget) break;
    passageTokens += cost;
    kept++;
  }

  return {
    passages: input.passages.slice(0, kept),
    history: input.history.slice(firstKept),
    promptTokens: fixed + historyTokens + passageTokens,
    exact: true,
    dropped: { passages: input.passages.length - kept, turns: firstKept },
  };
}

const encoder = new TextEncoder();

/**
 * The fast path: a byte-level BPE token covers at least one UTF-8 byte, so a
 * text's byte length bounds its token count. When the bound of everything
 * fits (the usual case with a large context window), every passage and turn
 * is kept without running the tokenizer, which costs milliseconds of CPU per
 * prompt. Otherwise returns null and the caller counts exactly.
 */
function fitByBytes<P extends { label: string; text: string }, T extends { role: string; text: string }>(
  input: BudgetInput<P, T>,
  available: number,
): BudgetResult<P, T> | null {
  const bytes = (text: string) => encoder.encode(text).length;
  const fixed = bytes(input.system) + bytes(input.question) + 2 * MESSAGE_OVERHEAD + REPLY_PRIMING;
  if (fixed > available) return null;
  const history = input.history.reduce((sum, turn) => sum + bytes(input.formatTurn(turn)) + MESSAGE_OVERHEAD, 0);
  if (history > Math.floor((available - fixed) * (input.historyShare ?? DEFAULT_HISTORY_SHARE))) return null;
  const passages = input.passages.reduce((sum, passage) => sum + bytes(input.formatPassage(passage)) + PASSAGE_SEPARATOR, 0);
  if (fixed + history + passages > available) return null;
  return {
    passages: input.passages,
    history: input.history,
    promptTokens: fixed + history + passages,
    exact: false,
    dropped: { passages: 0, turns: 0 },
  };
}
