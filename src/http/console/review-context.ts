import type { Review } from '../../domain/review/types';
import type { ConversationReadModel, Turn } from '../../application/console-read-models';

/** Earlier turns shown above a question; more is rarely needed to judge a reply. */
const CONTEXT_TURNS = 10;

/**
 * The conversation before the question under review. Web chat: the turns
 * the conversation's Durable Object kept (holding messages left out, as the
 * engine saw it). Slack: the earlier questions in the thread as recorded on
 * arrival, each followed by the reply that went out (the approved or edited
 * text, or the draft when it was sent directly); Slack messages from people
 * who did not address the bot are not recorded, so they are not shown.
 */
export async function reviewContext(env: Env, conversations: ConversationReadModel, review: Review): Promise<Turn[]> {
  const destination = review.destination;
  if (destination.kind === 'web') {
    const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(destination.conversationId));
    const question = await stub.question(destination.messageId);
    return (question?.history ?? []).slice(-CONTEXT_TURNS).map((turn) => ({ role: turn.role === 'user' ? 'asker' : 'bot', text: turn.text, at: null }));
  }
  const events = await conversations.slackThreadEvents(destination.channel, destination.threadTs);
  const index = events.findIndex((event) => event.draftId === review.draftId);
  const earlier = index === -1 ? [] : events.slice(0, index);
  const drafts = await conversations.draftSummaries(earlier.flatMap((event) => (event.draftId ? [event.draftId] : [])));
  const turns: Turn[] = [];
  for (const event of earlier) {
    turns.push({ role: 'asker', text: event.text, at: event.receivedAt });
    const draft = event.draftId ? drafts.get(event.draftId) : undefined;
    if (!draft) continue;
    if (draft.review && draft.review.finalText !== null) turns.push({ role: draft.review.status === 'approved' ? 'bot' : 'staff', text: draft.review.finalText, at: draft.review.decidedAt });
    else if (draft.decision === 'send') turns.push({ role: 'bot', text: draft.answer, at: draft.createdAt });
  }
  return turns.slice(-CONTEXT_TURNS);
}
