import { queryTerms } from '../knowledge/query-terms';
import { lightStem } from './light-stem';
import { type PersonalDataKind, scrubPersonalData } from '../finetune/scrub';
import type { ChannelKind } from '../rollout/types';
import type { AskerAudience } from './types';

/** Who a verified answer may be reused for: exactly this audience on exactly this kind of channel. */
export interface ReuseScope {
  audience: AskerAudience;
  channelKind: ChannelKind;
}

/**
 * active: staff chose reuse, it answers similar questions. unconfirmed: stored
 * before reuse was a choice, never reused until an admin allows it. retired:
 * an admin stopped its reuse.
 */
export type VerifiedAnswerStatus = 'active' | 'unconfirmed' | 'retired';

/** A reply staff approved and chose to reuse, kept so the same question is answered the same way. */
export interface VerifiedAnswer {
  id: string;
  audience: AskerAudience;
  /** Null only for answers stored before scopes existed whose review is gone: never reused. */
  channelKind: ChannelKind | null;
  question: string;
  answer: string;
  /** Chunk ids the reply rests on; their ids change when their content changes. */
  citedChunkIds: string[];
  approvedAt: string;
  approvedBy: string | null;
  reviewId: string | null;
  status: VerifiedAnswerStatus;
  reuseCount: number;
  lastUsedAt: string | null;
}

export interface VerifiedAnswerStore {
  /** The most recent active verified answers for exactly this scope (bounded). */
  reusable(scope: ReuseScope, limit: number): Promise<VerifiedAnswer[]>;
  /** Stores a new verified answer once: saving an id again (a retried decision) changes nothing, so a retired one stays retired. */
  save(answer: VerifiedAnswer): Promise<void>;
  /** Counts one draft that reused it, and when. */
  recordUse(id: string, at: string): Promise<void>;
}

/**
 * Similarity of two questions: cosine over their sets of stemmed content
 * words. 1 for the same words in any order; rephrasings that change the
 * topic words fall well below the reuse threshold.
 */
export function questionSimilarity(a: string, b: string): number {
  const left = new Set(queryTerms(a).map(lightStem));
  const right = new Set(queryTerms(b).map(lightStem));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  return shared / Math.sqrt(left.size * right.size);
}

/** The closest verified answer at or above the threshold, if any. */
export function bestVerifiedMatch(
  question: string,
  candidates: VerifiedAnswer[],
  threshold: number,
): { answer: VerifiedAnswer; similarity: number } | null {
  let best: { answer: VerifiedAnswer; similarity: number } | null = null;
  for (const candidate of candidates) {
    const similarity = questionSimilarity(question, candidate.question);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { answer: candidate, similarity };
  }
  return best;
}

/** Why a reply was not kept for reuse, in words for the staff member who asked for it. */
export type ReuseRefusal = { reason: 'personal_data'; found: PersonalDataKind[]; message: string } | { reason: 'not_reusable'; message: string };

const KIND_WORDS: Record<PersonalDataKind, string> = { email: 'an email address', phone: 'a phone number', card: 'a card number', account: 'an account number', name: 'a name' };

/**
 * Turns a reply staff chose to reuse into a verified answer, or says why it
 * cannot be one. Reusable: a plain answer (no action: an action's result is
 * for one asker), resting on cited passages, with a reply, in which the PII
 * scrubber finds no personal data (a reply written for one person must not
 * reach the next). Scoped to the draft's audience and the review's channel kind.
 */
export function verifiedAnswerFrom(
  draft: { id: string; question: string; audience: AskerAudience; citations: { chunkId: string }[]; proposedActions: unknown[] },
  approved: { text: string; at: Date; by: string | null; reviewId: string; channelKind: ChannelKind },
): { ok: true; answer: VerifiedAnswer } | { ok: false; refusal: ReuseRefusal } {
  const text = approved.text.trim();
  const blocker = reuseBlocker(draft);
  if (blocker) return { ok: false, refusal: { reason: 'not_reusable', message: `Not kept for reuse: ${blocker}` } };
  if (!text) return { ok: false, refusal: { reason: 'not_reusable', message: 'Not kept for reuse: the reply is empty.' } };
  const found = personalDataIn(text);
  if (found.length > 0) {
    const message = `Sent, but not kept for reuse: the reply contains ${found.map((kind) => KIND_WORDS[kind]).join(', ')}. Personal data must never reach another asker; approve a reply without it to reuse it.`;
    return { ok: false, refusal: { reason: 'personal_data', found, message } };
  }
  return {
    ok: true,
    answer: {
      id: draft.id,
      audience: draft.audience,
      channelKind: approved.channelKind,
      question: draft.question,
      answer: text,
      citedChunkIds: draft.citations.map((citation) => citation.chunkId),
      approvedAt: approved.at.toISOString(),
      approvedBy: approved.by,
      reviewId: approved.reviewId,
      status: 'active',
      reuseCount: 0,
      lastUsedAt: null,
    },
  };
}

/** The kinds of personal data the project's scrubber finds in a text (none: safe to reuse as far as it can tell). */
export function personalDataIn(text: string): PersonalDataKind[] {
  const { found } = scrubPersonalData(text);
  return (Object.keys(found) as PersonalDataKind[]).filter((kind) => found[kind] > 0);
}

/**
 * Why no reply to this draft can be reused, whatever staff write (null: it
 * can be, if the reply holds no personal data). Front ends offer the reuse
 * choice only when this is null, and say why otherwise.
 */
export function reuseBlocker(draft: { citations: unknown[]; proposedActions: unknown[] }): string | null {
  if (draft.proposedActions.length > 0) return 'the draft proposes actions, and what they did was for this asker only.';
  if (draft.citations.length === 0) return 'the reply cites no knowledge, so nothing would tell when it goes out of date.';
  return null;
}
