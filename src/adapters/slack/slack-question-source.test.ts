import { describe, expect, it } from 'vitest';
import { ModelError } from '../../domain/answer/chat-model';
import { SlackQuestionSource, type SlackQuestionSourceDependencies } from './slack-question-source';
import { SlackDeliveryError } from './slack-errors';

// What a failed attempt at a Slack question does: a failure that is not
// Slack's goes to the queue consumer as it is (the consumer retries or gives
// up by its own `retryable`, as for web chat); a permanent Slack API failure
// is kept where staff see it.
function source() {
  const statuses: string[] = [];
  const posted: string[] = [];
  const deps = {
    client: { chat: { postMessage: async (message: { text: string }) => posted.push(message.text) } },
    inbound: { setStatus: async (_key: string, status: string, code: string) => void statuses.push(`${status}:${code}`) },
    botUserId: 'UBOT',
    teamId: 'T1',
    askers: {},
    outsiders: 'public',
    staffChannel: 'CSTAFF',
    stage: async () => 'internal',
    log: () => {},
  } as unknown as SlackQuestionSourceDependencies;
  return { source: new SlackQuestionSource('slack:Ev1', deps), statuses, posted };
}

describe('SlackQuestionSource.failed', () => {
  it('hands a model error that cannot succeed to the consumer unchanged, not as a retryable Slack failure', async () => {
    const { source: slack, statuses } = source();
    const error = new ModelError('The model refused the request.', 'bad_request', false, 400);
    const outcome = await slack.failed(error);
    expect(outcome).toEqual({ retry: true, error });
    expect((outcome as { error: ModelError }).error.retryable).toBe(false);
    expect(statuses).toEqual([]);
  });

  it('keeps a permanent Slack API failure and tells staff', async () => {
    const { source: slack, statuses, posted } = source();
    expect(await slack.failed(new SlackDeliveryError('not_in_channel', false))).toEqual({ retry: false });
    expect(statuses).toEqual(['failed:not_in_channel']);
    expect(posted.length).toBe(1);
  });

  it('retries a failure Slack says may pass', async () => {
    const { source: slack } = source();
    const outcome = await slack.failed(new SlackDeliveryError('ratelimited', true));
    expect(outcome).toMatchObject({ retry: true, error: { code: 'ratelimited', retryable: true } });
  });
});
