import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../test/support/fake-slack/server';
import { AskerDirectory, askerVerdict, ignoresAsker, type SlackUserFacts, USER_FACTS_TTL_MS } from './asker-audience';
import { classifyEvent } from './slack-event';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/slack/${name}`, import.meta.url), 'utf8'));
const member: SlackUserFacts = { teamId: 'T0001', restricted: false, ultraRestricted: false };
const eventOf = (envelope: { event: unknown }) => {
  const classified = classifyEvent(envelope.event, 'UBOT', false);
  if (classified.kind !== 'question') throw new Error('fixture is not a question');
  return classified.event;
};

describe('askerVerdict', () => {
  const mention = fixture('app-mention.json');
  const connect = fixture('app-mention-slack-connect.json');

  it('answers a member in an ordinary channel as an employee', () => {
    expect(askerVerdict(mention, eventOf(mention), member, 'T0001')).toEqual({ audience: 'employee', outsider: null });
  });

  it.each([
    ['a Slack Connect user (user_team of another organisation)', connect, member, 'external'],
    ['a user whose users.info names another workspace', mention, { ...member, teamId: 'T0002' }, 'external'],
    ['a multi-channel guest', mention, { ...member, restricted: true }, 'guest'],
    ['a single-channel guest', mention, { ...member, ultraRestricted: true }, 'guest'],
    ['a member in a channel shared with another organisation', { ...connect, event: { ...connect.event, user: 'U1001', team: 'T0001', user_team: 'T0001' } }, member, 'shared-channel'],
  ])('answers %s as a customer', (_name, envelope, facts, outsider) => {
    expect(askerVerdict(envelope, eventOf(envelope), facts, 'T0001')).toEqual({ audience: 'customer', outsider });
  });

  it('ignores external users and guests under SLACK_OUTSIDERS=ignore, never a shared channel member', () => {
    expect(ignoresAsker({ audience: 'customer', outsider: 'external' }, 'ignore')).toBe(true);
    expect(ignoresAsker({ audience: 'customer', outsider: 'guest' }, 'ignore')).toBe(true);
    expect(ignoresAsker({ audience: 'customer', outsider: 'shared-channel' }, 'ignore')).toBe(false);
    expect(ignoresAsker({ audience: 'customer', outsider: 'guest' }, 'public')).toBe(false);
  });
});

describe('AskerDirectory', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack();
    client = new WebClient('xoxb-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.close());
  const setUsers = (users: Record<string, unknown>) => fetch(slack.url.replace(/api\/$/, '__control/users'), { method: 'POST', body: JSON.stringify({ users }) });

  /** The D1 cache's contract, in memory (every entry fresh); records the TTL it is asked for. */
  function memoryCache() {
    const rows = new Map<string, SlackUserFacts>();
    const ttls: number[] = [];
    return {
      ttls,
      async fresh(user: string, maxAgeMs: number) {
        ttls.push(maxAgeMs);
        return rows.get(user) ?? null;
      },
      async remember(user: string, facts: SlackUserFacts) {
        rows.set(user, facts);
      },
    };
  }

  it('reads guests and other organisations from users.info, once per TTL', async () => {
    slack.reset();
    const cache = memoryCache();
    const directory = new AskerDirectory(client, cache as never, () => {});
    await setUsers({ U3001: { is_ultra_restricted: true }, U4001: { team_id: 'T0002' } });
    expect(await directory.facts('U3001')).toEqual({ teamId: 'T0001', restricted: true, ultraRestricted: true });
    expect(await directory.facts('U4001')).toEqual({ teamId: 'T0002', restricted: false, ultraRestricted: false });
    expect(await directory.facts('U3001')).toEqual({ teamId: 'T0001', restricted: true, ultraRestricted: true });
    expect(slack.callsTo('users.info')).toHaveLength(2);
    expect(new Set(cache.ttls)).toEqual(new Set([USER_FACTS_TTL_MS]));
  });

  it('treats a user Slack will not describe as an outsider, and retries a transient failure', async () => {
    slack.reset();
    const directory = new AskerDirectory(client, memoryCache(), () => {});
    await setUsers({ U9001: { unknown: true } });
    expect(await directory.facts('U9001')).toMatchObject({ restricted: true });
    slack.script('users.info', { fault: 'status', status: 503 });
    await expect(directory.facts('U1001')).rejects.toMatchObject({ retryable: true });
  });
});
