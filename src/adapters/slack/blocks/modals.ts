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
export function editModal(reviewId: string, draftText: string): InputModal {
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
    ],
  };
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
        element: { type: 'plain_text_input', action_id: ACTION_IDS.text, max_length: 500 },
      },
      {
        type: 'input',
        block_id: BLOCK_IDS.rejectReply,
        optional: true,
        label: { type: 'plain_text', text: STRINGS.modals.replyLabel },
        hint: { type: 'plain_text', text: STRINGS.modals.replyHint },
        element: { type: 'plain_text_input', action_id: ACTION_IDS.text, multiline: true, max_length: LIMITS.inputMaxLength },
      },
    ],
  };
}
