import { type ActionLedger, type ActionOutcome, runApprovedAction } from '../answer/run-approved-action';
import type { Draft } from '../answer/types';
import type { VerifiedAnswerStore } from '../answer/verified-answers';
import type { ToolRegistry } from '../tools/registry';
import { actionsToRun, chosenActions } from './chosen-actions';
import { ReviewError } from './review-error';
import { NOT_REQUESTED, type ReuseOutcome, reuseOutcome } from './reuse-outcome';
import type { DraftRepository, ReplyChannel, Review, ReviewDecision, ReviewRepository, TrainingSink } from './types';

export { ReviewError } from './review-error';

export const MAX_REPLY_LENGTH = 3000;

/**
 * What the asker reads when staff reject a draft without writing a reply.
 * It promises nothing: nobody is bound to follow up unless the reviewer said
 * they will (REJECTED_FOLLOW_UP_REPLY, offered where staff can reply).
 */
export const REJECTED_HOLDING_REPLY =
  "Sorry, we couldn't answer this question here. Please contact our support team another way if you still need help.";

/** The reviewer said a teammate will reply in the conversation (the console's reply form, or the Slack thread). */
export const REJECTED_FOLLOW_UP_REPLY = "Sorry, I couldn't answer this one automatically. A member of our team will reply here.";

/** The longest reject reason kept. */
export const MAX_REASON_LENGTH = 2000;

export interface ReviewServiceDependencies {
  reviews: ReviewRepository;
  drafts: DraftRepository;
  reply: ReplyChannel;
  training: TrainingSink;
  verified: VerifiedAnswerStore;
  /** Write tools for running approved actions (null: actions cannot run, and say so). */
  tools: ToolRegistry | null;
  ledger: ActionLedger;
  now(): Date;
}

export interface DecisionResult {
  /** False when someone else decided first: nothing was delivered twice. */
  decidedNow: boolean;
  review: Review;
  /** One per proposed action the decision runs, in order (approve: all; edit: those chosen; reject: none). */
  actionResults: ActionOutcome[];
  /** Whether the reply was kept for reuse, or why not (staff are told). */
  reuse: ReuseOutcome;
}

export interface DecisionRequest {
  reviewId: string;
  decision: ReviewDecision;
  actor: string;
  text?: string;
  reason?: string;
  /** Keep the reply as a verified answer for similar questions (approve and edit; off unless asked). */
  reuse?: boolean;
  /** Edit only: the indexes of the proposed actions to run (none unless chosen). */
  actions?: number[];
  /** Reject without a reply only: a teammate will reply in the conversation, so the asker is told so (otherwise they are told it could not be answered). */
  followUp?: boolean;
}

/**
 * Staff decisions, one implementation for every front end (Slack buttons,
 * the web console). The decision itself is one atomic transition; the work
 * after it (run approved actions, deliver the reply, record training data)
 * is idempotent, so a retry after a crash completes it without repeating any
 * part: actions are claimed in the ledger, deliveries by key, examples by id.
 */
export class ReviewService {
  constructor(private readonly deps: ReviewServiceDependencies) {}

  async decide(request: DecisionRequest): Promise<DecisionResult> {
    const review = await this.deps.reviews.get(request.reviewId);
    if (!review) throw new ReviewError('not_found', 'No such review.');
    const draft = await this.deps.drafts.get(review.draftId);
    if (!draft) throw new ReviewError('not_found', 'The draft for this review is missing.');

    if (review.status !== 'pending') {
      // Already decided (a double click, a second reviewer, a retry): finish
      // whatever the first decision left undone, and report it.
      return { decidedNow: false, review, ...(await this.complete(review, draft)) };
    }

    const finalText = this.finalText(request, draft);
    const runActions = chosenActions(request, draft.proposedActions.length);
    const reason = request.reason?.trim() ?? '';
    if (request.decision === 'reject' && !reason) throw new ReviewError('invalid_reason', 'Say why the draft is rejected: the reason is required, and teaches the bot.');
    if (reason.length > MAX_REASON_LENGTH) throw new ReviewError('invalid_reason', `The reason is longer than ${MAX_REASON_LENGTH} characters.`);
    const status = request.decision === 'approve' ? 'approved' : request.decision === 'edit' ? 'edited' : 'rejected';
    const decidedAt = this.deps.now().toISOString();
    const won = await this.deps.reviews.decide(review.id, status, {
      by: request.actor,
      at: decidedAt,
      finalText,
      rejectReason: request.decision === 'reject' ? reason : null,
      runActions,
      reuseRequested: request.decision !== 'reject' && request.reuse === true,
    });
    const current = (await this.deps.reviews.get(review.id))!;
    return { decidedNow: won, review: current, ...(await this.complete(current, draft)) };
  }

  private finalText(request: { decision: ReviewDecision; text?: string; followUp?: boolean }, draft: Draft): string {
    const text = request.text?.trim() ?? '';
    if (text.length > MAX_REPLY_LENGTH) throw new ReviewError('invalid_text', `The reply is longer than ${MAX_REPLY_LENGTH} characters.`);
    if (request.decision === 'approve') {
      if (!draft.answer.trim()) throw new ReviewError('invalid_text', 'This draft has no text to approve: edit it or reject it with a reply.');
      return draft.answer;
    }
    if (request.decision === 'edit') {
      if (!text) throw new ReviewError('invalid_text', 'The edited reply is empty.');
      return text;
    }
    return text || (request.followUp ? REJECTED_FOLLOW_UP_REPLY : REJECTED_HOLDING_REPLY);
  }

  /** The idempotent aftermath of a decision. */
  private async complete(review: Review, draft: Draft): Promise<{ actionResults: ActionOutcome[]; reuse: ReuseOutcome }> {
    if (review.status === 'pending' || review.status === 'expired' || review.finalText === null) return { actionResults: [], reuse: NOT_REQUESTED };
    const reuse = reuseOutcome(review, draft);
    // A sampled reply already went out: the grade is recorded, nothing is sent or run again.
    if (review.kind === 'sample') {
      await this.recordTraining(review, draft, reuse);
      return { actionResults: [], reuse };
    }
    const actionResults = await this.runActions(draft, actionsToRun(review, draft.proposedActions.length));
    // An action still running elsewhere (a racing click) or failing transiently:
    // whoever completes it delivers, so the asker never hears a spurious failure.
    if (actionResults.some((outcome) => !outcome.ok && outcome.retryable)) return { actionResults, reuse };
    const report = actionResults.map((outcome) => (outcome.ok ? outcome.result : `The requested action could not be completed: ${outcome.error}`));
    const text = [review.finalText, ...report].join('\n\n');
    const staffWrote = review.status !== 'approved';
    // An edit, or a reply written on reject, is a staff member's words; the standard reject messages are not.
    const author = staffWrote && !isStandardRejectReply(review) ? 'staff' : 'bot';
    await this.deps.reply.deliver(review.destination, { text, draft: staffWrote ? null : draft, author }, `review:${review.id}`);
    await this.recordTraining(review, draft, reuse);
    return { actionResults, reuse };
  }

  private async runActions(draft: Draft, indexes: number[]): Promise<ActionOutcome[]> {
    const outcomes: ActionOutcome[] = [];
    for (const index of indexes) {
      const action = draft.proposedActions[index];
      if (!action) continue;
      if (!this.deps.tools) {
        outcomes.push({ ok: false, error: 'Actions are not configured on this deployment.', retryable: false });
        continue;
      }
      // The ledger key is the action's index in the draft, so a retry runs the same action at most once.
      outcomes.push(await runApprovedAction(this.deps.tools, this.deps.ledger, { draftId: draft.id, index, action, audience: draft.audience }));
    }
    return outcomes;
  }

  private async recordTraining(review: Review, draft: Draft, reuse: ReuseOutcome): Promise<void> {
    const finalText = review.finalText!;
    const rejectedWithReply = review.status === 'rejected' && !isStandardRejectReply(review);
    if (review.status === 'rejected' && !rejectedWithReply) return;
    await this.deps.training.record({
      reviewId: review.id,
      draftId: draft.id,
      source: review.status === 'rejected' ? 'rejected_with_reply' : review.status === 'edited' ? 'edited' : 'approved',
      question: draft.question,
      draftAnswer: draft.answer,
      finalAnswer: finalText,
      createdAt: review.decidedAt ?? this.deps.now().toISOString(),
    });
    // Only a reply staff chose to reuse, and that passed the checks, becomes a verified answer.
    if (reuse.status === 'stored') await this.deps.verified.save(reuse.answer);
  }
}

/** A rejection that sent one of the two standard messages rather than a reply staff wrote. */
function isStandardRejectReply(review: Review): boolean {
  return review.status === 'rejected' && (review.finalText === REJECTED_HOLDING_REPLY || review.finalText === REJECTED_FOLLOW_UP_REPLY);
}
