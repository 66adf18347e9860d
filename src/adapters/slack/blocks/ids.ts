/**
 * Identifiers shared by the renderers and the interaction handlers: Slack echoes
 * them back in `block_actions` and `view_submission` payloads, so both sides
 * must spell them the same way.
 */
export const ACTION_IDS = {
  feedbackHelpful: 'feedback_helpful',
  feedbackUnhelpful: 'feedback_unhelpful',
  /** Slack's native feedback buttons (assistant pane): one action id, the vote in the value. */
  feedbackNative: 'feedback_native',
  reviewApprove: 'review_approve',
  reviewEdit: 'review_edit',
  reviewReject: 'review_reject',
  /** The text input inside every modal input block (the block id tells them apart). */
  text: 'text',
} as const;

export const CALLBACK_IDS = {
  editModal: 'review_edit_modal',
  rejectModal: 'review_reject_modal',
} as const;

export const BLOCK_IDS = {
  editAnswer: 'answer',
  rejectReason: 'reason',
  rejectReply: 'reply',
  feedback: 'feedback',
  reviewButtons: 'review_buttons',
} as const;
