import { MAX_REPLY_LENGTH } from '../../../domain/review/review-service';
import { html, type SafeHtml } from '../html';
import { csrfField, notice } from '../layout';

/** What the reply form shows: after a refused send, the error and the text as typed (nothing is lost). */
export interface ReplyFormState {
  error?: string;
  text?: string;
  /** The form id of the refused send, kept so that sending it again still delivers once. */
  replyId?: string;
}

const SENT: Record<string, string> = {
  sent: 'Reply sent. The asker sees it marked as from the support team.',
  already: 'This reply had already been sent: it was delivered once.',
};

/**
 * The staff reply form under a conversation. Each render carries a fresh
 * form id: submitting the same form twice (a double click, a resend after a
 * timeout) delivers once, while a new reply gets a new form.
 */
export function replyForm(view: { action: string; csrf: string; where: string; state?: ReplyFormState; replied?: string; unavailable?: string }): SafeHtml {
  const state = view.state ?? {};
  return html`<section class="staff-reply" id="reply">
    <h2>Reply to the asker</h2>
    ${notice('ok', view.replied ? SENT[view.replied] : null)}
    ${notice('error', state.error)}
    ${view.unavailable
      ? html`<p class="notice info">${view.unavailable}</p>`
      : html`<form method="post" action="${view.action}" class="stack">
      ${csrfField(view.csrf)}<input type="hidden" name="replyId" value="${state.replyId ?? crypto.randomUUID()}">
      <label>Your reply (${view.where}; Markdown works; at most ${MAX_REPLY_LENGTH} characters) <textarea name="text" rows="5" maxlength="${MAX_REPLY_LENGTH}" required>${state.text ?? ''}</textarea></label>
      <button type="submit">Send reply</button>
    </form>`}
  </section>`;
}
