import type { Draft } from '../../../domain/answer/types';
import { reuseBlocker } from '../../../domain/answer/verified-answers';
import { actionsToRun } from '../../../domain/review/chosen-actions';
import { type ReuseOutcome, reuseMessage } from '../../../domain/review/reuse-outcome';
import { MAX_REASON_LENGTH, MAX_REPLY_LENGTH, REJECTED_FOLLOW_UP_REPLY, REJECTED_HOLDING_REPLY } from '../../../domain/review/review-service';
import type { Review } from '../../../domain/review/types';
import { html, type SafeHtml } from '../html';
import { csrfField } from '../layout';
import { conversationHref } from './review-view';

/** The rule, as staff read it wherever actions are shown. */
export const ACTION_RULE = 'Approving runs every proposed action, once. Editing runs only the actions you tick (none unless you do), once. Rejecting runs none.';

/** "Approve", or "Approve and run 2 actions": the button says what it does. */
export function approveLabel(actions: number): string {
  return actions === 0 ? 'Approve' : `Approve and run ${actions} action${actions === 1 ? '' : 's'}`;
}

/** The draft's proposed actions with their parameters, and the rule for which of them run. */
export function proposedActions(draft: Draft): SafeHtml {
  return html`<section>
    <h2>Proposed actions</h2>
    <p class="muted">${ACTION_RULE}</p>
    <ol start="0">${draft.proposedActions.map((action) => html`<li><strong>${action.tool}</strong>: ${action.summary}<pre>${JSON.stringify(action.arguments, null, 2)}</pre></li>`)}</ol>
  </section>`;
}

/** Approve, edit and reject, each with its choices: reuse (unticked), and on edit the actions to run (unticked). */
export function decisionForms(view: { review: Review; draft: Draft; csrf: string; canFollowUp?: boolean; typed?: RejectTyped & { text?: string } }): SafeHtml {
  const { review, draft, csrf } = view;
  const action = `/admin/reviews/${review.id}/decision`;
  const hasDraft = draft.answer.trim().length > 0;
  return html`<section class="decide">
    <h2>Decide</h2>
    <form method="post" action="${action}" class="stack">
      ${csrfField(csrf)}<input type="hidden" name="decision" value="approve">
      ${reuseChoice(review, draft)}
      <button type="submit" class="approve"${hasDraft ? '' : ' disabled'}>${approveLabel(draft.proposedActions.length)}</button>
    </form>
    <form method="post" action="${action}" class="stack">
      ${csrfField(csrf)}<input type="hidden" name="decision" value="edit">
      <label>${hasDraft ? 'Edited reply' : 'Your reply (there is no draft to edit)'} <textarea name="text" rows="8" maxlength="${MAX_REPLY_LENGTH}" required>${view.typed?.text ?? draft.answer}</textarea></label>
      ${actionChoices(draft)}
      ${reuseChoice(review, draft)}
      <button type="submit">Send ${hasDraft ? 'edited reply' : 'reply'}</button>
    </form>
    ${rejectForm({ action, csrf, review, actions: draft.proposedActions.length, canFollowUp: view.canFollowUp === true, typed: view.typed })}
  </section>`;
}

/** What the reviewer had typed into the reject form, kept when it is refused. */
export interface RejectTyped {
  reason?: string;
  rejectText?: string;
  followUp?: boolean;
}

/**
 * Reject needs a reason and a ticked confirmation (no script needed: the
 * server refuses the form without them), and says what the asker will read
 * when no reply is written. "A member of our team will reply here" is offered
 * only where staff can reply from the console, and only when the reviewer says so.
 */
function rejectForm(view: { action: string; csrf: string; review: Review; actions: number; canFollowUp: boolean; typed?: RejectTyped }): SafeHtml {
  const typed = view.typed ?? {};
  const silent = view.review.kind === 'sample';
  return html`<form method="post" action="${view.action}" class="stack reject-form">
      ${csrfField(view.csrf)}<input type="hidden" name="decision" value="reject">
      <label>Why reject (required; kept with the decision, the asker does not see it) <input name="reason" maxlength="${MAX_REASON_LENGTH}" required value="${typed.reason ?? ''}"></label>
      ${silent
        ? html`<p class="muted">This reply was already sent: rejecting grades it, and nothing more is sent.</p>`
        : html`<label>Reply to send instead (optional) <textarea name="text" rows="4" maxlength="${MAX_REPLY_LENGTH}">${typed.rejectText ?? ''}</textarea></label>
      <fieldset><legend>Without a reply, the asker reads</legend>
        <label class="check"><input type="radio" name="followUp" value="no"${typed.followUp ? '' : ' checked'}> <span>“${REJECTED_HOLDING_REPLY}”</span></label>
        ${view.canFollowUp
          ? html`<label class="check"><input type="radio" name="followUp" value="yes"${typed.followUp ? ' checked' : ''}> <span>“${REJECTED_FOLLOW_UP_REPLY}” (choose only if you or a teammate will reply from the <a href="${conversationHref(view.review.destination)}#reply">conversation page</a>)</span></label>`
          : html`<p class="muted">Staff cannot reply in this conversation from the console (Slack is not configured), so the asker is not promised a reply.</p>`}
      </fieldset>`}
      <label class="check"><input type="checkbox" name="confirm" value="yes" required> <span>I confirm: reject this draft${view.actions ? ' and run none of its actions' : ''}</span></label>
      <button type="submit" class="reject">Reject${view.actions ? ' (runs no action)' : ''}</button>
    </form>`;
}

/** The field names of the edit form's action checkboxes: one per action, so no repeated field is needed. */
export const ACTION_FIELD = (index: number) => `action-${index}`;

function actionChoices(draft: Draft): SafeHtml {
  if (draft.proposedActions.length === 0) return html``;
  return html`<fieldset><legend>Actions to run with this reply (none is run unless ticked)</legend>
    ${draft.proposedActions.map(
      (proposed, index) => html`<label class="check"><input type="checkbox" name="${ACTION_FIELD(index)}" value="run"> <span><strong>${proposed.tool}</strong>: ${proposed.summary} <code>${JSON.stringify(proposed.arguments)}</code></span></label>`,
    )}
  </fieldset>`;
}

function reuseChoice(review: Review, draft: Draft): SafeHtml {
  const blocker = reuseBlocker(draft);
  if (blocker) return html`<p class="muted">This reply cannot be reused for similar questions: ${blocker}</p>`;
  const scope = `${draft.audience}s on ${review.destination.kind === 'web' ? 'web chat' : 'Slack'}`;
  return html`<label class="check"><input type="checkbox" name="reuse" value="yes"> Reuse this answer for similar questions (${scope} only; refused if it holds personal data)</label>`;
}

/** What a decided review did: the actions it ran and what became of the reuse choice. */
export function decisionChoices(review: Review, draft: Draft, reuse: ReuseOutcome): SafeHtml {
  const ran = actionsToRun(review, draft.proposedActions.length).map((index) => draft.proposedActions[index]?.tool ?? `#${index}`);
  const message = reuseMessage(reuse);
  return html`${draft.proposedActions.length ? html`<p>Actions run: ${ran.length ? ran.join(', ') : 'none'}</p>` : ''}
    ${message ? html`<p class="notice ${reuse.status === 'stored' ? 'ok' : 'error'}">${message}</p>` : html`<p class="muted">Not kept for reuse (not asked).</p>`}`;
}
