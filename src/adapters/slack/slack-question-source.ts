import type { WebClient } from '@slack/web-api';
import type { QuestionSource, QueuedQuestion } from '../../application/ports';
import { AppError } from '../../domain/app-error';
import type { ConversationTurn, RolloutStage } from '../../domain/answer/types';
import { type AskerDirectory, askerVerdict, ignoresAsker } from './asker-audience';
import type { QuestionSurface } from './assistant/question-surface';
import type { SlackInboundStore } from '../d1/d1-inbound-store';
import { notifyStaffOfFailure } from './notify-staff-of-failure';
import { recordedEnvelope } from './payloads/event-callback';
import { classifyMessage, questionOf, questionText, type SlackMessageEvent } from './slack-event';
import { classifySlackError, SlackDeliveryError } from './slack-errors';

export interface SlackQuestionSourceDependencies {
  client: WebClient;
  inbound: SlackInboundStore;
  botUserId: string | null;
  /** The workspace the app serves: askers from any other are outsiders. */
  teamId: string;
  askers: AskerDirectory;
  /** Outsiders (Slack Connect users, guests) are answered from public documents, or ignored. */
  outsiders: 'public' | 'ignore';
  staffChannel: string;
  /** The Slack channel's stage now (a step-down since an earlier attempt counts). */
  stage(): Promise<RolloutStage>;
  log(event: string, fields: Record<string, unknown>): void;
  /** The assistant pane's status, title and context for a question asked there; null elsewhere (the reaction). */
  surface?: (event: SlackMessageEvent, raw: Record<string, unknown>) => Promise<QuestionSurface | null>;
}

/** Earlier thread messages given to the engine as conversation history. */
const HISTORY_MESSAGES = 20;
const WORKING_REACTION = 'eyes';

/**
 * One recorded Slack event as a queued question: the inbound store claims
 * it (and its Slack message, so two events for one message answer once),
 * the asker's verdict sets the audience, the thread is the history.
 */
export class SlackQuestionSource implements QuestionSource {
  private envelope: Record<string, unknown> & { event?: Record<string, unknown> } = {};
  private draftId: string | null = null;
  private event: SlackMessageEvent | null = null;
  private surface: QuestionSurface | null = null;

  constructor(
    private readonly eventKey: string,
    private readonly deps: SlackQuestionSourceDependencies,
  ) {}

  async claim(): Promise<boolean> {
    const { inbound } = this.deps;
    const claim = await inbound.claimProcessing(this.eventKey);
    if (claim === 'finished') return false;
    // Another worker is on it; if it crashed, its claim goes stale and a later retry takes over.
    if (claim === 'busy') throw new SlackDeliveryError('event_in_progress', true);
    const record = (await inbound.get(this.eventKey))!;
    this.draftId = record.draftId;
    // A record that is no event envelope has no event: the classifier ignores it.
    this.envelope = recordedEnvelope(record.payload) ?? {};
    const classification = await classifyMessage(this.envelope.event, this.deps.botUserId, (channel, threadTs) => inbound.isAnsweredThread(channel, threadTs));
    if (classification.kind === 'ignore') {
      await inbound.setStatus(this.eventKey, 'ignored', classification.reason.slice(0, 100));
      return false;
    }
    const event = classification.event;
    if (!(await inbound.claimMessage(event.channel, event.ts, this.eventKey))) {
      await inbound.setStatus(this.eventKey, 'ignored', 'same message as another event');
      return false;
    }
    this.event = event;
    return true;
  }

  async question(): Promise<QueuedQuestion | null> {
    const event = this.event!;
    const verdict = askerVerdict(this.envelope, event, await this.deps.askers.facts(event.user), this.deps.teamId);
    if (ignoresAsker(verdict, this.deps.outsiders)) {
      this.deps.log('slack-outsider-ignored', { eventKey: this.eventKey, outsider: verdict.outsider });
      await this.deps.inbound.setStatus(this.eventKey, 'ignored', `outsider: ${verdict.outsider}`);
      return null;
    }
    this.surface = (await this.deps.surface?.(event, this.envelope.event ?? {})) ?? this.reactionSurface(event);
    await this.surface.start();
    return {
      key: this.eventKey,
      text: questionOf(event, this.deps.botUserId),
      audience: verdict.audience,
      channel: 'slack',
      channelKind: 'slack',
      stage: await this.deps.stage(),
      sampled: true,
      preview: false,
      destination: { kind: 'slack', channel: event.channel, threadTs: threadOf(event), ...(verdict.outsider ? { outsider: verdict.outsider } : {}) },
      askerId: event.user,
      draftId: this.draftId,
    };
  }

  async history(): Promise<ConversationTurn[]> {
    return [...(this.surface?.context ?? []), ...(await this.threadHistory(this.event!))];
  }

  attachDraft(draftId: string, replacing: string | null): Promise<string> {
    return this.deps.inbound.attachDraft(this.eventKey, draftId, replacing);
  }

  async finish(): Promise<void> {
    const event = this.event!;
    await this.deps.inbound.rememberThread(event.channel, threadOf(event));
    await this.surface?.stop();
    await this.deps.inbound.setStatus(this.eventKey, 'done');
  }

  async failed(error: unknown): Promise<{ retry: true; error: unknown } | { retry: false }> {
    await this.surface?.onError?.();
    // Not a Slack API failure (a model, configuration or input error): the queue consumer
    // decides by the error's own `retryable`, as for web chat, instead of retrying it blindly.
    if (error instanceof AppError && !(error instanceof SlackDeliveryError)) return { retry: true, error };
    const failure = classifySlackError(error);
    if (failure.retryable) return { retry: true, error: failure };
    // Permanent: retrying cannot help. Keep the question (it stays in D1) and tell staff.
    await this.deps.inbound.setStatus(this.eventKey, 'failed', failure.code);
    this.deps.log('slack-question-failed', { eventKey: this.eventKey, code: failure.code });
    await notifyStaffOfFailure(this.deps.client, this.deps.staffChannel, this.event ?? {}, failure.code, "invite me to the channel or check the app's token.");
    return { retry: false };
  }

  /** The question's own message (for the review card's link), once claimed. */
  questionMessage(): { channel: string; ts: string } | null {
    return this.event ? { channel: this.event.channel, ts: this.event.ts } : null;
  }

  release(): Promise<void> {
    return this.deps.inbound.release(this.eventKey);
  }

  private async threadHistory(event: SlackMessageEvent): Promise<ConversationTurn[]> {
    if (!event.threadTs || event.threadTs === event.ts) return [];
    // History helps with follow-ups but is not worth failing an answer over.
    const replies = await this.deps.client.conversations.replies({ channel: event.channel, ts: event.threadTs, limit: HISTORY_MESSAGES + 1 }).catch((error: unknown) => {
      this.deps.log('slack-history-unavailable', { code: classifySlackError(error).code });
      return { messages: [] };
    });
    return (replies.messages ?? [])
      .filter((message) => message.ts !== event.ts && typeof message.text === 'string')
      .slice(-HISTORY_MESSAGES)
      .map((message) => ({
        role: message.bot_id || message.user === this.deps.botUserId ? 'assistant' : 'user',
        text: questionText(message.text ?? '', this.deps.botUserId),
      }));
  }

  /** Outside the assistant pane, an :eyes: reaction on the question says it is being worked on. */
  private reactionSurface(event: SlackMessageEvent): QuestionSurface {
    return { start: () => this.react('add', event), stop: () => this.react('remove', event), context: [] };
  }

  private async react(change: 'add' | 'remove', event: SlackMessageEvent): Promise<void> {
    const { client } = this.deps;
    try {
      if (change === 'add') await client.reactions.add({ channel: event.channel, timestamp: event.ts, name: WORKING_REACTION });
      else await client.reactions.remove({ channel: event.channel, timestamp: event.ts, name: WORKING_REACTION });
    } catch (error) {
      // The reaction is a courtesy: never fail (or retry) an answer over it.
      this.deps.log('slack-reaction-failed', { change, code: classifySlackError(error).code });
    }
  }
}

/** The thread a reply goes to: the question's thread, or a new one under the question. */
function threadOf(event: SlackMessageEvent): string {
  return event.threadTs ?? event.ts;
}
