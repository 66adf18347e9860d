import { env } from 'cloudflare:test';
import { D1DraftStore } from '../../src/adapters/d1/d1-draft-store';
import { D1ReviewRepository } from '../../src/adapters/d1/d1-review-repository';
import type { Draft, ProposedAction } from '../../src/domain/answer/types';
import { draft as draftFixture } from '../../src/domain/review/review-fixtures.testing';
import { pendingReview } from '../../src/domain/review/types';
import { nextTs } from './slack-requests';

/**
 * A pending Slack review of a model draft that proposes write actions, as
 * the queue consumer stores one (the Worker under test runs without a model,
 * so it never proposes actions itself). Decisions then go through the front
 * door: the console, the review API, signed Slack interactions.
 */
export async function reviewWithActions(question: string, actions: ProposedAction[]): Promise<{ reviewId: string; draft: Draft; threadTs: string }> {
  const id = crypto.randomUUID();
  const threadTs = nextTs();
  const draft = draftFixture({
    id: `draft-${id}`,
    createdAt: new Date().toISOString(),
    question,
    stage: 'supervised',
    mode: 'model',
    answer: 'I have opened the tickets for you.',
    citations: [],
    proposedActions: actions,
    confidence: 0.8,
    reasons: ['Proposes an action, which runs only after staff approve it.'],
  });
  await new D1DraftStore(env.DB).save(draft);
  const review = await new D1ReviewRepository(env.DB).createForDraft(
    pendingReview({ id: `review-${id}`, draftId: draft.id, kind: 'review', channel: 'slack', destination: { kind: 'slack', channel: 'C1001', threadTs }, askerId: 'U1001', createdAt: new Date().toISOString() }),
  );
  return { reviewId: review.id, draft, threadTs };
}

export const ticketTitles = async (prefix: string) =>
  (await env.DB.prepare('SELECT title FROM tickets WHERE title LIKE ? ORDER BY id').bind(`${prefix}%`).all<{ title: string }>()).results.map((row) => row.title);

export const ticket = (title: string): ProposedAction => ({ tool: 'create_ticket', arguments: { title, description: `About ${title}` }, summary: `Open a ticket: ${title}` });
