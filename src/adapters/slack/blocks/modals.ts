import type { InputBlock, ModalView, PlainTextElement } from '@slack/types';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from './ids';
import { LIMITS } from './limits';
import { truncatePlain } from './mrkdwn';
import { checkedValue } from './parts';
import { STRINGS } from './strings';

/** A modal holding input blocks only, typed so handlers and tests can reach the inputs. */
export type InputModal = ModalView & { blocks: InputBlock[] };

// Titles, submit and close labels share Slack's 24-character limit.
const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text: truncatePlain(text, LIMITS.modalTitle) });

/**
 * The editor for a draft. The review id rides in private_metadata, so the
 * submission handler knows which review to settle without any lookup state.
 * Text fields are plain_text inputs: Slack never parses them, so no escaping.
 */
export function editModal(reviewId: string, draftText: string, choices: EditChoices = { actions: [], reusable: false }): InputModal {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.editModal,
    private_metadata: checkedValue(reviewId),
    title: plain(STRINGS.modals.editTitle),
    submit: plain(STRINGS.modals.editSubmit),
    close: plain(STRINGS.modals.cancel),
    blocks: [
      {
        type: 'input',
        block_id: BLOCK_IDS.editAnswer,
        label: { type: 'plain_text', text: STRINGS.modals.editLabel },
        hint: { type: 'plain_text', text: STRINGS.modals.editHint },
        element: {
          type: 'plain_text_input',
          action_id: ACTION_IDS.text,
          multiline: true,
          // Slack rejects the whole view when initial_value is longer than max_length.
          initial_value: truncatePlain(draftText, LIMITS.inputMaxLength),
          max_length: LIMITS.inputMaxLength,
        },
      },
      ...(choices.actions.length > 0 ? [actionsBlock(choices.actions)] : []),
      ...(choices.reusable ? [reuseBlock()] : []),
    ],
  };
}

export interface EditChoices {
  /** The draft's proposed actions, offered unticked: an edit runs only those ticked. */
  actions: { tool: string; arguments: Record<string, unknown>; summary: string }[];
  /** Whether a reply to this draft may be reused at all (no actions, cites knowledge). */
  reusable: boolean;
}

/** Slack allows ten options in a checkbox group; an edit can run at most the first ten actions. */
export const MAX_ACTION_CHOICES = 10;

// Option text and description share Slack's 75-character limit.
const option = (value: string, text: string, description?: string) => ({
  value,
  text: { type: 'plain_text' as const, text: truncatePlain(text, LIMITS.optionText) },
  ...(description ? { description: { type: 'plain_text' as const, text: truncatePlain(description, LIMITS.optionText) } } : {}),
});

function actionsBlock(actions: EditChoices['actions']): InputBlock {
  return {
    type: 'input',
    block_id: BLOCK_IDS.editActions,
    optional: true,
    label: { type: 'plain_text', text: STRINGS.modals.actionsLabel },
    hint: { type: 'plain_text', text: STRINGS.modals.actionsHint(actions.length, MAX_ACTION_CHOICES) },
    element: {
      type: 'checkboxes',
      action_id: ACTION_IDS.choice,
      // No initial_options: every action starts unticked.
      options: actions.slice(0, MAX_ACTION_CHOICES).map((action, index) => option(String(index), `${action.tool}: ${action.summary}`, parameters(action.arguments))),
    },
  };
}

function reuseBlock(): InputBlock {
  return {
    type: 'input',
    block_id: BLOCK_IDS.editReuse,
    optional: true,
    label: { type: 'plain_text', text: STRINGS.modals.reuseLabel },
    element: { type: 'checkboxes', action_id: ACTION_IDS.choice, options: [option('reuse', STRINGS.modals.reuseOption, STRINGS.modals.reuseDescription)] },
  };
}

/** Parameters as compact JSON; what cannot be serialised is said to be so. */
function parameters(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return STRINGS.review.unserializable;
  }
}

/** Asks why the draft is wrong (kept for training) and, optionally, what to send instead. */
export function rejectModal(reviewId: string): InputModal {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.rejectModal,
    private_metadata: checkedValue(reviewId),
    title: plain(STRINGS.modals.rejectTitle),
    submit: plain(STRINGS.modals.rejectSubmit),
    close: plain(STRINGS.modals.cancel),
    blocks: [
      {
        type: 'input',
        block_id: BLOCK_IDS.rejectReason,
        label: { type: 'plain_text', text: STRINGS.modals.reasonLabel },
        hint: { type: 'plain_text', text: STRINGS.modals.reasonHint },
        element: { type: 'plain_text_input', action_id: ACTION_IDS.text, min_length: 1, max_length: 500 },
      },
      {
        type: 'input',
        block_id: BLOCK_IDS.rejectReply,
        optional: true,
        label: { type: 'plain_text', text: STRINGS.modals.replyLabel },
        hint: { type: 'plain_text', text: STRINGS.modals.replyHint },
        element: { type: 'plain_text_input', action_id: ACTION_IDS.text, multiline: true, max_length: LIMITS.inputMaxLength },
      },
      {
        type: 'input',
        block_id: BLOCK_IDS.rejectFollowUp,
        optional: true,
        label: { type: 'plain_text', text: STRINGS.modals.followUpLabel },
        element: { type: 'checkboxes', action_id: ACTION_IDS.choice, options: [option('follow-up', STRINGS.modals.followUpOption, STRINGS.modals.followUpDescription)] },
      },
    ],
  };
}
