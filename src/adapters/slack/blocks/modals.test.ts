import { describe, expect, it } from 'vitest';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from './ids';
import { editModal, rejectModal } from './modals';
import { expectModalWithinLimits } from './slack-limits.testing';

const plain = (text: string) => ({ type: 'plain_text', text });

describe('editModal', () => {
  it('is a modal with one multiline input holding the draft', () => {
    expect(editModal('rev-1', 'You can carry over **five days**.')).toEqual({
      type: 'modal',
      callback_id: 'review_edit_modal',
      private_metadata: 'rev-1',
      title: plain('Edit reply'),
      submit: plain('Send'),
      close: plain('Cancel'),
      blocks: [
        {
          type: 'input',
          block_id: 'answer',
          label: plain('Reply'),
          hint: plain('Sent to the asker in place of the draft. Markdown works.'),
          element: {
            type: 'plain_text_input',
            action_id: 'text',
            multiline: true,
            initial_value: 'You can carry over **five days**.',
            max_length: 3000,
          },
        },
      ],
    });
  });

  it('keeps the draft as written: plain_text inputs are not parsed, so nothing is escaped', () => {
    const view = editModal('rev-1', '<!channel> & <@U123>');
    const element = view.blocks[0]!.element;
    expect(element.type === 'plain_text_input' && element.initial_value).toBe('<!channel> & <@U123>');
  });

  it('cuts a long draft to the input limit, so Slack does not reject the view', () => {
    const view = editModal('rev-1', `${'word '.repeat(1000)}😀`);
    expectModalWithinLimits(view);
    const element = view.blocks[0]!.element;
    const initial = element.type === 'plain_text_input' ? element.initial_value : '';
    expect(initial?.length).toBeLessThanOrEqual(3000);
    expect(initial?.endsWith('…')).toBe(true);
  });

  it('refuses a review id that does not fit private_metadata', () => {
    expect(() => editModal('r'.repeat(3001), 'x')).toThrow(/value length/);
  });
});

describe('rejectModal', () => {
  it('asks for a required reason and an optional reply', () => {
    expect(rejectModal('rev-1')).toEqual({
      type: 'modal',
      callback_id: 'review_reject_modal',
      private_metadata: 'rev-1',
      title: plain('Reject draft'),
      submit: plain('Reject'),
      close: plain('Cancel'),
      blocks: [
        {
          type: 'input',
          block_id: 'reason',
          label: plain('Why is the draft wrong?'),
          element: { type: 'plain_text_input', action_id: 'text', max_length: 500 },
        },
        {
          type: 'input',
          block_id: 'reply',
          optional: true,
          label: plain('Reply to send instead'),
          hint: plain('Optional. Left empty, the asker is told a teammate will follow up.'),
          element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
        },
      ],
    });
    expectModalWithinLimits(rejectModal('rev-1'));
  });
});

describe('ids', () => {
  it('are the values the handlers read back from Slack payloads', () => {
    expect(CALLBACK_IDS).toEqual({ editModal: 'review_edit_modal', rejectModal: 'review_reject_modal' });
    expect(BLOCK_IDS).toMatchObject({ editAnswer: 'answer', rejectReason: 'reason', rejectReply: 'reply' });
    expect(ACTION_IDS).toMatchObject({
      feedbackHelpful: 'feedback_helpful',
      feedbackUnhelpful: 'feedback_unhelpful',
      reviewApprove: 'review_approve',
      reviewEdit: 'review_edit',
      reviewReject: 'review_reject',
      text: 'text',
    });
  });
});
