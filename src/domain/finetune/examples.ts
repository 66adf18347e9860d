import { questionMessage, systemMessage } from '../answer/prompt';
import type { Passage, SelfAssessment } from '../answer/types';
import { escapeRegExp } from './scrub';
import type { ChatExample, PreferencePair, ReviewedItem, SystemPrompts, TrainingMessage } from './types';

export interface ExampleOptions {
  /**
   * `structured` (default): the assistant message is the JSON object the
   * engine asks the model for at inference (`{"answer","citations","assessment"}`,
   * see RULES and RESPONSE_SCHEMA in answer/prompt.ts), so the fine-tuned model
   * learns the output it is actually asked for. `text`: the bare reply text.
   */
  replyFormat?: 'structured' | 'text';
}

/** A supervised example: the engine's own system and user messages, then the reply staff vouched for. */
export function toChatExample(item: ReviewedItem, systemPrompts: SystemPrompts, options: ExampleOptions = {}): ChatExample {
  return {
    messages: [...promptMessages(item, systemPrompts), { role: 'assistant', content: assistantContent(item, item.finalAnswer, options) }],
  };
}

/**
 * A preference pair: staff's reply preferred over the engine's draft. Only a
 * draft that staff changed says something about preference: approved drafts
 * and handwritten examples have none, and an "edit" that changed nothing
 * would teach the model to prefer a reply over itself.
 */
export function toPreferencePair(item: ReviewedItem, systemPrompts: SystemPrompts, options: ExampleOptions = {}): PreferencePair | null {
  if (item.source !== 'edited' && item.source !== 'rejected_with_reply') return null;
  const preferred = item.finalAnswer.trim();
  const draft = item.draftAnswer.trim();
  if (!preferred || !draft || preferred === draft) return null;
  return {
    input: { messages: promptMessages(item, systemPrompts) },
    preferred_output: [{ role: 'assistant', content: assistantContent(item, preferred, options) }],
    // Same citations and assessment on both sides, so the pair differs only in the reply text.
    non_preferred_output: [{ role: 'assistant', content: assistantContent(item, draft, options) }],
  };
}

/** The system prompt the engine would use for the item's audience. */
export function systemPromptFor(item: Pick<ReviewedItem, 'audience'>, systemPrompts: SystemPrompts): string {
  return typeof systemPrompts === 'string' ? systemPrompts : systemPrompts[item.audience];
}

function promptMessages(item: ReviewedItem, systemPrompts: SystemPrompts): TrainingMessage[] {
  const system = systemMessage(systemPromptFor(item, systemPrompts));
  const user = questionMessage(item.question, item.passages);
  return [
    { role: 'system', content: system.content },
    { role: 'user', content: user.content },
  ];
}

function assistantContent(item: ReviewedItem, answer: string, options: ExampleOptions): string {
  const text = answer.trim();
  if (options.replyFormat === 'text') return text;
  const citations = citationsFor(item, text);
  const assessment: SelfAssessment = item.assessment ?? (citations.length > 0 ? 'answered' : 'not_found');
  // Key order follows RESPONSE_SCHEMA, as structured outputs emit it.
  return JSON.stringify({ answer: text, citations, assessment });
}

/**
 * The recorded citations if any; else the passage labels the reply mentions
 * ("see P2"); else every passage (the admin export sends the draft's cited
 * passages as `passages`, so "all of them" is what the draft cited).
 */
export function citationsFor(item: Pick<ReviewedItem, 'citations' | 'passages'>, answer: string): string[] {
  const labels = item.passages.map((passage: Passage) => passage.label);
  if (item.citations) return item.citations.filter((label) => labels.includes(label));
  const mentioned = labels.filter((label) => new RegExp(`\\b${escapeRegExp(label)}\\b`).test(answer));
  return mentioned.length > 0 ? mentioned : labels;
}
