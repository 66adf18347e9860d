import { describe, expect, it } from 'vitest';
import { readSlackConfig, SlackConfigError } from './slack-config';

const env = (overrides: Record<string, string> = {}) =>
  ({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_STAFF_CHANNEL: 'C9001', ...overrides }) as unknown as Env;

describe('readSlackConfig', () => {
  it('is null (Slack off) without both secrets', () => {
    expect(readSlackConfig(env({ SLACK_BOT_TOKEN: '' }))).toBeNull();
    expect(readSlackConfig(env({ SLACK_SIGNING_SECRET: ' ' }))).toBeNull();
  });

  it('reads defaults and lists', () => {
    expect(readSlackConfig(env({ SLACK_STAFF_USERS: 'U1, U2 ,', SLACK_API_URL: 'http://127.0.0.1:9/api' }))).toMatchObject({
      staffChannel: 'C9001',
      staffUsers: ['U1', 'U2'],
      apiUrl: 'http://127.0.0.1:9/api/',
      command: '/countersign',
      stage: 'internal',
      botUserId: null,
      teamId: null,
      appId: null,
      outsiders: 'public',
    });
    expect(readSlackConfig(env({ SLACK_TEAM_ID: 'T0001', SLACK_APP_ID: 'A0001', SLACK_OUTSIDERS: 'ignore' }))).toMatchObject({ teamId: 'T0001', appId: 'A0001', outsiders: 'ignore' });
  });

  it.each([
    [{ SLACK_STAFF_CHANNEL: '' }, /SLACK_STAFF_CHANNEL/],
    [{ SLACK_STAFF_CHANNEL: '#staff' }, /SLACK_STAFF_CHANNEL/],
    [{ SLACK_STAGE: 'live' }, /SLACK_STAGE/],
    [{ SLACK_COMMAND: 'countersign' }, /SLACK_COMMAND/],
    [{ SLACK_TEAM_ID: 'acme' }, /SLACK_TEAM_ID/],
    [{ SLACK_APP_ID: 'T0001' }, /SLACK_APP_ID/],
    [{ SLACK_OUTSIDERS: 'internal' }, /SLACK_OUTSIDERS/],
  ])('refuses %j with a message naming the setting', (overrides, message) => {
    expect(() => readSlackConfig(env(overrides))).toThrow(SlackConfigError);
    expect(() => readSlackConfig(env(overrides))).toThrow(message);
  });
});
