import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../test/support/fake-slack/server';
import { foreignEnvelope, SlackIdentityResolver } from './slack-identity';

let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlack({ teamId: 'T0001', appId: 'A0001', botId: 'B0001', botUserId: 'UBOT' });
  client = new WebClient('xoxb-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const unset = { teamId: null, appId: null, botUserId: null, botId: null };

describe('SlackIdentityResolver', () => {
  it('learns the workspace and bot user from auth.test and the app from bots.info, once', async () => {
    const resolver = new SlackIdentityResolver(client, unset, () => {});
    expect(await resolver.resolve()).toEqual({ teamId: 'T0001', appId: 'A0001', botUserId: 'UBOT' });
    await resolver.resolve();
    expect(slack.callsTo('auth.test')).toHaveLength(1);
    expect(slack.callsTo('bots.info').map((call) => call.body.bot)).toEqual(['B0001']);
  });

  it('asks Slack nothing when SLACK_TEAM_ID, SLACK_APP_ID and SLACK_BOT_USER_ID are set', async () => {
    const resolver = new SlackIdentityResolver(client, { teamId: 'T0042', appId: 'A0042', botUserId: 'UBOT', botId: null }, () => {});
    expect(await resolver.resolve()).toEqual({ teamId: 'T0042', appId: 'A0042', botUserId: 'UBOT' });
    expect(slack.calls).toEqual([]);
  });

  it('does not cache a failed lookup: the next request asks again', async () => {
    const resolver = new SlackIdentityResolver(client, unset, () => {});
    slack.script('auth.test', { fault: 'status', status: 503 });
    await expect(resolver.resolve()).rejects.toBeTruthy();
    expect((await resolver.resolve()).teamId).toBe('T0001');
  });
});

describe('foreignEnvelope', () => {
  const identity = { teamId: 'T0001', appId: 'A0001', botUserId: 'UBOT' };
  it('names what does not match', () => {
    expect(foreignEnvelope({ team_id: 'T0001', api_app_id: 'A0001' }, identity)).toBeNull();
    expect(foreignEnvelope({ team_id: 'T0002', api_app_id: 'A0001' }, identity)).toBe('team');
    expect(foreignEnvelope({ api_app_id: 'A0001' }, identity)).toBe('team');
    expect(foreignEnvelope({ team_id: 'T0001', api_app_id: 'A0002' }, identity)).toBe('app');
    // Without a known app id only the workspace is checked.
    expect(foreignEnvelope({ team_id: 'T0001', api_app_id: 'A0002' }, { ...identity, appId: null })).toBeNull();
  });
});
