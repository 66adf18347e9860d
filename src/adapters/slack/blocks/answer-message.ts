import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { DraftMode } from '../../../domain/answer/types';
import { ACTION_IDS, BLOCK_IDS } from './ids';
import { LIMITS } from './limits';
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
  const blocks: KnownBlock[] = mrkdwnSections(mrkdwn, MAX_ANSWER_SECTIONS);
  const notes = [...(input.mode === 'verified' ? [STRINGS.answer.verified] : []), ...sourceElements(input.citations)];
  if (notes.length > 0) blocks.push(context(notes));
  blocks.push(feedbackButtons(draftId));
  return { text: truncateMrkdwn(mrkdwn, LIMITS.fallbackText), blocks };
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
