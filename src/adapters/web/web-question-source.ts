import type { QuestionSource, QueuedQuestion } from '../../application/ports';
import type { ConversationTurn, RolloutStage } from '../../domain/answer/types';
import type { ChannelRepository } from '../../domain/rollout/types';
import type { Conversation, QuestionToAnswer } from '../../platform/conversation';

export interface WebQuestionJob {
  conversationId: string;
  messageId: string;
}

/**
 * One stored customer message as a queued question: its conversation's
 * Durable Object claims it, keeps its history and the attached draft. The
 * customer audience only ever searches public documents.
 */
export class WebQuestionSource implements QuestionSource {
  private readonly stub: DurableObjectStub<Conversation>;
  private stored: QuestionToAnswer | null = null;

  constructor(
    private readonly job: WebQuestionJob,
    private readonly deps: { conversations: DurableObjectNamespace<Conversation>; channels: ChannelRepository; log(event: string, fields: Record<string, unknown>): void },
  ) {
    this.stub = deps.conversations.get(deps.conversations.idFromName(job.conversationId));
  }

  async claim(): Promise<boolean> {
    const claim = await this.stub.claim(this.job.messageId);
    if (claim === 'missing') {
      this.deps.log('web-message-missing', { ...this.job });
      return false;
    }
    // Another attempt is answering it; the queue retries this one later, and by then it is answered.
    if (claim === 'busy') throw new QuestionBusyError();
    return claim === 'claimed';
  }

  async question(): Promise<QueuedQuestion | null> {
    const stored = await this.stub.question(this.job.messageId);
    if (!stored || stored.answered) return null;
    this.stored = stored;
    const { stage, previewing } = await this.stageFor(stored);
    return {
      key: this.job.messageId,
      text: stored.question.text,
      audience: 'customer',
      channel: stored.meta.channel,
      channelKind: 'web',
      stage,
      sampled: !previewing,
      preview: stored.meta.preview === true,
      destination: { kind: 'web', conversationId: this.job.conversationId, messageId: this.job.messageId },
      askerId: `web:${stored.meta.conversationId.slice(0, 8)}`,
      draftId: stored.draftId,
    };
  }

  async history(): Promise<ConversationTurn[]> {
    return this.stored?.history ?? [];
  }

  /** The conversation keeps the first draft attached; `replacing` does not apply (every web draft is for a customer). */
  async attachDraft(draftId: string): Promise<string> {
    return this.stub.attachDraft(this.job.messageId, draftId);
  }

  async finish(): Promise<void> {}

  async failed(error: unknown): Promise<{ retry: true; error: unknown }> {
    return { retry: true, error };
  }

  async release(): Promise<void> {
    await this.stub.release(this.job.messageId).catch(() => {});
  }

  /**
   * The stage the answer is drafted under. While a channel is internal, staff
   * previews see the bot as it would answer unsupervised (their feedback is
   * what the sign-off to supervised weighs), and a public session left over
   * from a later stage is answered only after review. Once the channel is
   * public, previews are ordinary sessions.
   */
  private async stageFor(question: QuestionToAnswer): Promise<{ stage: RolloutStage; previewing: boolean }> {
    const stage = (await this.deps.channels.get(question.meta.channel))?.stage ?? 'internal';
    if (stage !== 'internal') return { stage, previewing: false };
    return question.meta.preview ? { stage: 'autonomous', previewing: true } : { stage: 'supervised', previewing: false };
  }
}

export class QuestionBusyError extends Error {
  override name = 'QuestionBusyError';
  constructor() {
    super('Another attempt is answering this question.');
  }
}
