import type { Draft } from '../../../domain/answer/types';
import { reuseBlocker } from '../../../domain/answer/verified-answers';
import { actionsToRun } from '../../../domain/review/chosen-actions';
import { type ReuseOutcome, reuseMessage } from '../../../domain/review/reuse-outcome';
import { MAX_REPLY_LENGTH } from '../../../domain/review/review-service';
import type { Review } from '../../../domain/review/types';
import { html, type SafeHtml } from '../html';
import { csrfField } from '../layout';

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
export function decisionForms(view: { review: Review; draft: Draft; csrf: string; typed?: { text?: string; reason?: string; rejectText?: string } }): SafeHtml {
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
    <form method="post" action="${action}" class="stack">
      ${csrfField(csrf)}<input type="hidden" name="decision" value="reject">
      <label>Why reject <input name="reason" maxlength="2000" value="${view.typed?.reason ?? ''}"></label>
      <label>Reply to send instead (optional; empty sends a holding message) <textarea name="text" rows="4" maxlength="${MAX_REPLY_LENGTH}">${view.typed?.rejectText ?? ''}</textarea></label>
      <button type="submit" class="reject">Reject${draft.proposedActions.length ? ' (runs no action)' : ''}</button>
    </form>
  </section>`;
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
