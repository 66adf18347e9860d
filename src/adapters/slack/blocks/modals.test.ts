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

  it('offers each proposed action unticked, with its parameters, and reuse unticked', () => {
    const actions = [
      { tool: 'create_ticket', arguments: { title: 'Badge' }, summary: 'Open a ticket' },
      { tool: 'cancel_subscription', arguments: { id: 'S1' }, summary: 'Cancel the plan' },
    ];
    const view = editModal('rev-1', 'Draft', { actions, reusable: true });
    expect(view.blocks.slice(1)).toEqual([
      {
        type: 'input',
        block_id: BLOCK_IDS.editActions,
        optional: true,
        label: plain('Actions to run with this reply'),
        hint: plain('None runs unless ticked; each ticked action runs once.'),
        element: {
          type: 'checkboxes',
          action_id: ACTION_IDS.choice,
          options: [
            { value: '0', text: plain('create_ticket: Open a ticket'), description: plain('{"title":"Badge"}') },
            { value: '1', text: plain('cancel_subscription: Cancel the plan'), description: plain('{"id":"S1"}') },
          ],
        },
      },
      {
        type: 'input',
        block_id: BLOCK_IDS.editReuse,
        optional: true,
        label: plain('Reuse'),
        element: {
          type: 'checkboxes',
          action_id: ACTION_IDS.choice,
          options: [{ value: 'reuse', text: plain('Reuse this answer for similar questions'), description: plain('Refused if the reply holds personal data.') }],
        },
      },
    ]);
    for (const block of view.blocks) expect(block.element).not.toHaveProperty('initial_options');
  });

  it('offers at most ten actions, within the option limits, and says so', () => {
    const actions = Array.from({ length: 12 }, (_, index) => ({ tool: `tool_${index}`, arguments: { text: 'x'.repeat(200) }, summary: 's'.repeat(200) }));
    const view = editModal('rev-1', 'Draft', { actions, reusable: false });
    expectModalWithinLimits(view);
    const block = view.blocks[1]!;
    const element = block.element;
    expect(element.type === 'checkboxes' && element.options.length).toBe(10);
    expect(element.type === 'checkboxes' && element.options.every((option) => option.text.text.length <= 75 && (option.description?.text.length ?? 0) <= 75)).toBe(true);
    expect(block.hint?.text).toBe('None runs unless ticked. Only the first 10 of 12 can be chosen here; use the console for the rest.');
    expect(view.blocks).toHaveLength(2);
  });

  it('refuses a review id that does not fit private_metadata', () => {
    expect(() => editModal('r'.repeat(3001), 'x')).toThrow(/value length/);
  });
});

describe('rejectModal', () => {
  it('asks for a required reason, an optional reply, and whether a teammate will follow up (unticked: no promise)', () => {
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
          hint: plain('Required. Kept with the decision; the asker does not see it.'),
          element: { type: 'plain_text_input', action_id: 'text', min_length: 1, max_length: 500 },
        },
        {
          type: 'input',
          block_id: 'reply',
          optional: true,
          label: plain('Reply to send instead'),
          hint: plain('Optional. Left empty, the asker is told their question could not be answered here, or, if you tick below, that a member of the team will reply.'),
          element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
        },
        {
          type: 'input',
          block_id: 'follow_up',
          optional: true,
          label: plain('Follow-up'),
          element: {
            type: 'checkboxes',
            action_id: 'choice',
            options: [{ text: plain('A member of the team will reply in this thread'), value: 'follow-up', description: plain('Tick only if someone will: the asker is told to expect it.') }],
          },
        },
      ],
    });
    expectModalWithinLimits(rejectModal('rev-1'));
  });
});

describe('ids', () => {
  it('are the values the handlers read back from Slack payloads', () => {
    expect(CALLBACK_IDS).toEqual({ editModal: 'review_edit_modal', rejectModal: 'review_reject_modal' });
    expect(BLOCK_IDS).toMatchObject({ editAnswer: 'answer', rejectReason: 'reason', rejectReply: 'reply', rejectFollowUp: 'follow_up' });
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
