import type { ActionsBlock, ContextActionsBlock, KnownBlock } from '@slack/types';
import type { DraftMode } from '../../../domain/answer/types';
import { ACTION_IDS, BLOCK_IDS } from './ids';
import { LIMITS } from './limits';
import { markdownBlock, markdownForBlock } from './markdown-block';
import { markdownToMrkdwn, truncateMrkdwn } from './mrkdwn';
import { type Citation, checkedValue, context, mrkdwnSections, type SlackMessage, section, sourceElements } from './parts';
import { STRINGS } from './strings';

export { STRINGS } from './strings';

export interface AnswerMessageInput {
  draftId: string;
  /** The reply as Markdown; extractive answers already start with their label line, kept as is. */
  answer: string;
  mode: DraftMode;
  citations: Citation[];
  /**
   * In the assistant pane (an AI app surface): the answer in Slack's
   * `markdown` block where it fits, and Slack's own feedback buttons.
   */
  native?: boolean;
}

/**
 * At most five sections (15 000 characters) of answer. An answer that long
 * is already unreadable in a thread; the cap keeps the message far from
 * Slack's 50-block limit whatever the model writes.
 */
export const MAX_ANSWER_SECTIONS = 5;

/** A reply to the asker: the answer, its sources and two feedback buttons carrying the draft id. */
export function answerMessage(input: AnswerMessageInput): SlackMessage {
  const draftId = checkedValue(input.draftId);
  const mrkdwn = markdownToMrkdwn(input.answer);
  const markdown = input.native ? markdownForBlock(input.answer) : null;
  const blocks: KnownBlock[] = markdown ? [markdownBlock(markdown)] : mrkdwnSections(mrkdwn, MAX_ANSWER_SECTIONS);
  const notes = [...(input.mode === 'verified' ? [STRINGS.answer.verified] : []), ...sourceElements(input.citations)];
  if (notes.length > 0) blocks.push(context(notes));
  blocks.push(input.native ? nativeFeedback(input.draftId) : feedbackButtons(draftId));
  return { text: truncateMrkdwn(mrkdwn, LIMITS.fallbackText), blocks };
}

/** The value of a native feedback button: which one, and the draft (one action id carries both). */
export function feedbackValue(helpful: boolean, draftId: string): string {
  return checkedValue(`${helpful ? FEEDBACK_PREFIX.helpful : FEEDBACK_PREFIX.unhelpful}${draftId}`);
}

/** The vote and draft id of a native feedback click, or null for a value our buttons never carry. */
export function parseFeedbackValue(value: unknown): { helpful: boolean; draftId: string } | null {
  if (typeof value !== 'string' || value.length > LIMITS.buttonValue) return null;
  for (const helpful of [true, false]) {
    const prefix = helpful ? FEEDBACK_PREFIX.helpful : FEEDBACK_PREFIX.unhelpful;
    if (value.startsWith(prefix) && value.length > prefix.length) return { helpful, draftId: value.slice(prefix.length) };
  }
  return null;
}

const FEEDBACK_PREFIX = { helpful: 'helpful:', unhelpful: 'unhelpful:' } as const;

/** Slack's feedback buttons element (thumbs up / down), inside a context actions block. */
function nativeFeedback(draftId: string): ContextActionsBlock {
  return {
    type: 'context_actions',
    block_id: BLOCK_IDS.feedback,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION_IDS.feedbackNative,
        positive_button: { text: { type: 'plain_text', text: '👍' }, value: feedbackValue(true, draftId), accessibility_label: STRINGS.answer.helpful },
        negative_button: { text: { type: 'plain_text', text: '👎' }, value: feedbackValue(false, draftId), accessibility_label: STRINGS.answer.notHelpful },
      },
    ],
  };
}

function feedbackButtons(draftId: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: BLOCK_IDS.feedback,
    elements: [
      { type: 'button', action_id: ACTION_IDS.feedbackHelpful, value: draftId, text: { type: 'plain_text', text: STRINGS.answer.helpful } },
      { type: 'button', action_id: ACTION_IDS.feedbackUnhelpful, value: draftId, text: { type: 'plain_text', text: STRINGS.answer.notHelpful } },
    ],
  };
}

/** What the asker sees while a draft waits for staff (`review`) or when staff must answer (`handoff`). */
export function holdingMessage(kind: 'review' | 'handoff'): SlackMessage {
  const text = STRINGS.holding[kind];
  return { text, blocks: [section(text)] };
}
