import type { Draft } from '../../../domain/answer/types';
import { renderMarkdown } from '../markdown';
import { reuseOutcome } from '../../../domain/review/reuse-outcome';
import type { Review } from '../../../domain/review/types';
import { age, html, link, percent, type SafeHtml, time } from '../html';
import { csrfField, notice } from '../layout';
import { decisionChoices, decisionForms, proposedActions, type RejectTyped } from './review-forms';
import { REJECTED_FOLLOW_UP_REPLY } from '../../../domain/review/review-service';
import type { Turn } from '../../../application/console-read-models';

const KIND_LABEL: Record<Review['kind'], string> = {
  review: 'Review before sending',
  handoff: 'Handoff: the bot could not answer',
  sample: 'Sample: already sent, grade it',
};

const OUTCOME: Record<Review['status'], string> = {
  pending: 'Pending',
  approved: 'Approved',
  edited: 'Edited and sent',
  rejected: 'Rejected',
  expired: 'Expired',
};

export interface ReviewView {
  review: Review;
  draft: Draft;
  context: Turn[];
  csrf: string;
  now: Date;
  /** Set after this reviewer's own decision: 'decided', or 'raced' when someone else won. */
  outcome?: string;
  error?: string;
  /** What the reviewer typed, kept when a decision was refused. */
  typed?: RejectTyped & { text?: string };
  /** Staff can reply in this review's conversation from the console (web chat always; Slack when configured). */
  canFollowUp?: boolean;
}

export function reviewDetail(view: ReviewView): SafeHtml {
  const { review, draft } = view;
  return html`
    ${notice('error', view.error)}
    ${outcomeNotice(view)}
    <dl class="facts">
      <dt>Status</dt><dd><span class="badge ${review.status}">${OUTCOME[review.status]}</span></dd>
      <dt>Kind</dt><dd>${KIND_LABEL[review.kind]}</dd>
      <dt>Channel</dt><dd>${review.channel}${review.destination.kind === 'web' ? html` · <a href="${conversationHref(review.destination)}">conversation</a>` : html` · <a href="${conversationHref(review.destination)}">thread</a>`}</dd>
      <dt>Asked</dt><dd>${time(review.createdAt)} (${age(review.createdAt, view.now)} ago)${review.askerId ? html` by <code>${review.askerId}</code>` : ''}</dd>
    </dl>
    <section><h2>Question</h2><blockquote class="question">${draft.question}</blockquote></section>
    <section><h2>Conversation before it</h2>${conversation(view.context)}</section>
    <section>
      <h2>Draft</h2>
      <p class="muted">${draft.mode === 'model' ? `Written by ${draft.provenance.model ?? 'the model'}` : draft.mode === 'verified' ? 'A verified answer staff approved before' : 'Quoted from the knowledge base (extractive mode)'} · engine decided <strong>${draft.decision}</strong></p>
      <div class="reply markdown">${draft.answer ? renderMarkdown(draft.answer) : html`<em>(empty)</em>`}</div>
    </section>
    <section><h2>Sources</h2>${sources(draft)}</section>
    <section>
      <h2>Confidence ${percent(draft.confidence)}</h2>
      ${draft.reasons.length ? html`<ul>${draft.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : html`<p class="muted">No reasons recorded.</p>`}
    </section>
    ${draft.proposedActions.length ? proposedActions(draft) : ''}
    ${review.status === 'pending' ? decisionForms(view) : decided(review, draft)}
    ${view.outcome === 'undelivered' && review.status !== 'pending' ? retryDelivery(view) : ''}`;
}

/** The console page of the conversation a reply goes to. */
export function conversationHref(destination: Review['destination']): string {
  return destination.kind === 'web'
    ? `/admin/conversations/web/${encodeURIComponent(destination.conversationId)}`
    : `/admin/conversations/slack/${encodeURIComponent(destination.channel)}/${encodeURIComponent(destination.threadTs)}`;
}

function outcomeNotice(view: ReviewView): SafeHtml {
  const { review } = view;
  // Outcomes come from the link; they are shown only for a review that is decided.
  if (review.status === 'pending') return html``;
  if (view.outcome === 'raced') return notice('info', `Already ${OUTCOME[review.status].toLowerCase()} by ${review.decidedBy ?? 'someone'}: your decision was not applied, and nothing was sent twice.`);
  if (view.outcome === 'decided') {
    const sent = review.kind === 'sample' ? 'The grade is recorded (the reply had already been sent).' : 'The reply was delivered to the asker.';
    return notice('ok', `${OUTCOME[review.status]} by ${review.decidedBy ?? 'you'}. ${sent}`);
  }
  if (view.outcome === 'undelivered') {
    return notice('error', `${OUTCOME[review.status]} by ${review.decidedBy ?? 'you'}, but the reply could not be delivered yet (the channel refused it or is down, or an approved action has not finished). Retry below: it is delivered at most once.`);
  }
  return html``;
}

function conversation(turns: Turn[]): SafeHtml {
  if (turns.length === 0) return html`<p class="muted">This was the first message.</p>`;
  return html`<ol class="turns">${turns.map((turn) => html`<li class="turn ${turn.role}"><span class="who">${turn.role}</span> <span class="text">${turn.text}</span></li>`)}</ol>`;
}

function sources(draft: Draft): SafeHtml {
  if (draft.citations.length === 0) return html`<p class="muted">No sources cited.</p>`;
  return html`<ol class="sources">${draft.citations.map(
    (citation) => html`<li>${link(citation.url, citation.title)} <span class="muted">${citation.headingPath.slice(1).join(' › ')}</span>
      <details><summary>Passage ${citation.label}</summary><p class="passage">${citation.text}</p></details></li>`,
  )}</ol>`;
}

/** Posting any decision again completes the first one (the review service delivers each review once). */
function retryDelivery(view: ReviewView): SafeHtml {
  return html`<form method="post" action="/admin/reviews/${view.review.id}/decision" class="inline">
    ${csrfField(view.csrf)}<input type="hidden" name="decision" value="approve">
    <button type="submit">Retry the delivery</button>
  </form>`;
}

function decided(review: Review, draft: Draft): SafeHtml {
  return html`<section>
    <h2>Decision</h2>
    <p>${OUTCOME[review.status]}${review.decidedBy ? html` by <strong>${review.decidedBy}</strong>` : ''} ${time(review.decidedAt)}</p>
    ${review.status === 'approved' || review.status === 'edited' ? decisionChoices(review, draft, reuseOutcome(review, draft)) : ''}
    ${review.rejectReason ? html`<p>Reason: ${review.rejectReason}</p>` : ''}
    ${review.finalText !== null ? html`<h3>Sent</h3><div class="reply markdown">${renderMarkdown(review.finalText)}</div>` : ''}
    ${review.status === 'rejected' && review.finalText === REJECTED_FOLLOW_UP_REPLY ? html`<p class="notice info">The asker was told a member of the team will reply: <a href="${conversationHref(review.destination)}#reply">reply in the conversation</a>.</p>` : ''}
  </section>`;
}
