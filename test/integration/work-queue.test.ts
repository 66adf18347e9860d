import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error';
import type { WorkHandlers } from '../../src/platform/work-handlers';
import type { WorkMessage } from '../../src/platform/work-messages';
import { handleWorkBatch } from '../../src/platform/work-queue';

/** Handlers that fail as told and record what they were asked to do. */
function recordingHandlers(failure: Error | null) {
  const calls: string[] = [];
  const handler = {
    async handle(message: WorkMessage) {
      calls.push(`handle:${message.type}`);
      if (failure) throw failure;
    },
    async giveUp(message: WorkMessage) {
      calls.push(`giveUp:${message.type}`);
    },
  };
  return { calls, handlers: { 'slack-event': handler, 'web-message': handler } satisfies WorkHandlers };
}

const webJob = { type: 'web-message', conversationId: '00000000-0000-4000-8000-000000000000', messageId: 'm1' };

async function consume(body: unknown, handlers: WorkHandlers, queue = 'countersign-work') {
  const batch = createMessageBatch(queue, [{ id: 'msg-1', timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await handleWorkBatch(batch, env, handlers);
  return getQueueResult(batch, ctx);
}

describe('the work queue consumer honours retryable', () => {
  it('acknowledges a message its handler worked', async () => {
    const { calls, handlers } = recordingHandlers(null);
    const result = await consume(webJob, handlers);
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(result.retryMessages).toEqual([]);
    expect(calls).toEqual(['handle:web-message']);
  });

  it('retries a retryable AppError, and an unknown error, without giving up', async () => {
    for (const failure of [new AppError('rate_limited', 'Try later', { status: 502, retryable: true }), new Error('boom')]) {
      const { calls, handlers } = recordingHandlers(failure);
      const result = await consume(webJob, handlers);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((message: { msgId: string }) => message.msgId)).toEqual(['msg-1']);
      expect(calls).toEqual(['handle:web-message']);
    }
  });

  it('gives up at once on an AppError that cannot succeed, then acknowledges it', async () => {
    const { calls, handlers } = recordingHandlers(new AppError('auth', 'Bad key', { status: 502, retryable: false }));
    const result = await consume({ type: 'slack-event', key: 'slack:Ev1', payload: '{}' }, handlers);
    expect(calls).toEqual(['handle:slack-event', 'giveUp:slack-event']);
    expect(result.explicitAcks).toEqual(['msg-1']);
    expect(result.retryMessages).toEqual([]);
  });

  it('retries a message of an unknown type or shape (a newer deploy may have sent it) without calling a handler', async () => {
    for (const body of [{ type: 'from-the-future' }, { type: 'web-message', conversationId: 7 }, 'text']) {
      const { calls, handlers } = recordingHandlers(null);
      const result = await consume(body, handlers);
      expect(result.retryMessages.map((message: { msgId: string }) => message.msgId)).toEqual(['msg-1']);
      expect(calls).toEqual([]);
    }
  });

  it('gives up on a dead letter and acknowledges it', async () => {
    const { calls, handlers } = recordingHandlers(null);
    const result = await consume(webJob, handlers, 'countersign-work-dlq');
    expect(calls).toEqual(['giveUp:web-message']);
    expect(result.explicitAcks).toEqual(['msg-1']);
  });
});
