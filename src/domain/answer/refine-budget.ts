import type { ChatMessage, TokenCounter } from './chat-model';
import { availableTokens, type BudgetInput, type BudgetResult, fitToBudget } from './token-budget';

/** The estimate's measured error is trusted to within this much. */
const SCALE_HEADROOM = 1.05;

export interface RefineOptions<P extends { label: string; text: string }, T extends { role: string; text: string }> {
  /** What the budget is fitted for; its counter is the conservative (never under) estimate. */
  input: BudgetInput<P, T>;
  /** The fit by the estimate alone: always safe to send. */
  estimated: BudgetResult<P, T>;
  /** The prompt a fit becomes, as the provider will count it. */
  messagesOf: (fit: BudgetResult<P, T>) => ChatMessage[];
  /** The provider's exact count, or null when it cannot count. */
  countExactly: (messages: ChatMessage[]) => Promise<number | null>;
}

/**
 * A conservative estimate drops passages or turns the window could still
 * hold. When it dropped something, the provider counts the estimated prompt
 * exactly; the estimate's error on it scales a second fit, and that fit is
 * sent only if the provider counts it within what is available. Otherwise
 * the estimated fit stands. So the prompt never exceeds the window, and at
 * most two count requests are made (none when everything fitted).
 */
export async function refineWithExactCount<P extends { label: string; text: string }, T extends { role: string; text: string }>(
  options: RefineOptions<P, T>,
): Promise<BudgetResult<P, T>> {
  const { input, estimated } = options;
  if (estimated.dropped.passages === 0 && estimated.dropped.turns === 0) return estimated;
  const exactEstimated = await options.countExactly(options.messagesOf(estimated));
  if (exactEstimated === null || estimated.promptTokens <= 0) return estimated;

  const scale = Math.min(1, (exactEstimated / estimated.promptTokens) * SCALE_HEADROOM);
  const scaled: TokenCounter = { count: (text) => Math.ceil(input.counter.count(text) * scale) };
  const candidate = fitToBudget({ ...input, counter: scaled });
  const gains = candidate.passages.length > estimated.passages.length || candidate.history.length > estimated.history.length;
  if (!gains) return estimated;
  const exactCandidate = await options.countExactly(options.messagesOf(candidate));
  if (exactCandidate === null || exactCandidate > availableTokens(input)) return estimated;
  return { ...candidate, promptTokens: exactCandidate, exact: true };
}
