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
  /** Approve, and keep the reply for reuse on similar questions. */
  reviewApproveReuse: 'review_approve_reuse',
  reviewEdit: 'review_edit',
  reviewReject: 'review_reject',
  /** The text input inside every modal input block (the block id tells them apart). */
  text: 'text',
  /** The checkbox group inside a modal's choice blocks (actions to run, reuse). */
  choice: 'choice',
} as const;

export const CALLBACK_IDS = {
  editModal: 'review_edit_modal',
  rejectModal: 'review_reject_modal',
} as const;

export const BLOCK_IDS = {
  editAnswer: 'answer',
  editActions: 'actions',
  editReuse: 'reuse',
  rejectReason: 'reason',
  rejectReply: 'reply',
  rejectFollowUp: 'follow_up',
  feedback: 'feedback',
  reviewButtons: 'review_buttons',
} as const;
