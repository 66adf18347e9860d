// The Slack payload fixtures (test/fixtures/slack) use one set of ids, and the
// ids and timestamps they share with the fake server match what it generates,
// so a test can replay a fixture against state the fake built.

import { readdirSync, readFileSync } from 'node:fs';
import { type KnownBlock, LogLevel, type ModalView, WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from './server';

const DIR = new URL('../../fixtures/slack/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const json = (name: string) => JSON.parse(read(name)) as Record<string, unknown>;

/** The parts of the fixtures that the assertions below read. */
interface EventFixture {
  type: string;
  event_id: string;
  event: { ts: string; user: string; channel: string; text: string; deleted_ts?: string; message?: { ts: string } };
}
interface BlockActionsFixture {
  trigger_id: string;
  channel: { id: string };
  container: { message_ts: string };
  message: { text: string; user: string; bot_id: string; blocks: KnownBlock[] };
}
interface ViewSubmissionFixture {
  view: ModalView & { id: string; team_id: string; hash: string; state: unknown };
}
const fixture = <T>(name: string) => json(name) as unknown as T;

const USERS = new Set(['U1001', 'U2001', 'UBOT', 'U4001', 'USLACKBOT']);
const CHANNELS = new Set(['C1001', 'C9001', 'D1001', 'C5001']);
const TEAMS = new Set(['T0001', 'T0002']);
/** Keys whose values are ids of one kind, wherever they appear in a payload. */
const ID_KEYS: Record<string, Set<string>> = {
  user: USERS,
  user_id: USERS,
  parent_user_id: USERS,
  channel: CHANNELS,
  channel_id: CHANNELS,
  team_id: TEAMS,
  team: TEAMS,
  user_team: TEAMS,
  source_team: TEAMS,
  api_app_id: new Set(['A0001']),
  app_id: new Set(['A0001']),
  bot_id: new Set(['B0001']),
};

/** Every (key, id) pair in a payload whose key names an id. */
function ids(value: unknown, found: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) for (const item of value) ids(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && key in ID_KEYS) found.push([key, inner]);
      // user and channel are objects in interaction payloads: check their id.
      else if ((key === 'user' || key === 'channel' || key === 'team') && typeof inner === 'object' && inner !== null && 'id' in inner) {
        found.push([key === 'team' ? 'team_id' : key, String(inner.id)]);
        ids(inner, found);
      } else ids(inner, found);
    }
  }
  return found;
}

describe('Slack fixtures', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'signature-example.json');

  it('url_verification is the documented example, with no ids to share', () => {
    expect(json('url-verification.json')).toEqual({ token: expect.any(String), challenge: expect.any(String), type: 'url_verification' });
  });

  it.each(files.filter((f) => f !== 'url-verification.json'))('%s uses only the shared ids', (file) => {
    const found = ids(json(file));
    expect(found.length).toBeGreaterThan(0);
    for (const [key, id] of found) expect(ID_KEYS[key], `${file}: ${key}=${id}`).toContain(id);
  });

  it('event_callback fixtures carry the envelope Bolt authorizes with', () => {
    for (const file of files.filter((f) => json(f).type === 'event_callback')) {
      const payload = fixture<EventFixture>(file);
      expect(payload, file).toMatchObject({ team_id: 'T0001', api_app_id: 'A0001', authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }] });
      expect(payload.event_id, file).toMatch(/^Ev\d{10}$/);
    }
  });

  it('the thread reply belongs to the app mention, and the edit and delete point at real messages', () => {
    const event = (name: string) => fixture<EventFixture>(name).event;
    const mention = event('app-mention.json');
    expect(mention.text).toContain('<@UBOT>');
    expect(event('message-thread-reply.json')).toMatchObject({ thread_ts: mention.ts, parent_user_id: mention.user, channel: mention.channel });
    expect(event('message-changed.json').message?.ts).toBe(mention.ts);
    expect(event('message-deleted.json').deleted_ts).toBe(event('message-thread-reply.json').ts);
    expect(event('message-im.json')).toMatchObject({ channel: 'D1001', channel_type: 'im' });
  });

  it('the slash command is one form-encoded line, exactly as Slack sends it', () => {
    const raw = read('slash-command.txt');
    expect(raw).not.toMatch(/\s$/); // a signature covers the body byte for byte
    const form = Object.fromEntries(new URLSearchParams(raw));
    expect(form).toMatchObject({ team_id: 'T0001', channel_id: 'C1001', user_id: 'U1001', api_app_id: 'A0001', command: '/countersign', text: 'status' });
  });

  it("the review card and modal fixtures match what the fake generates for the bot's first post and first modal", async () => {
    const fake = await startFakeSlack();
    try {
      const web = new WebClient('xoxb-test-token', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
      const actions = fixture<BlockActionsFixture>('block-actions.json');
      const card = await web.chat.postMessage({ channel: actions.channel.id, text: actions.message.text, blocks: actions.message.blocks });
      expect(card.ts).toBe(actions.container.message_ts);
      expect(card.message).toMatchObject({ user: actions.message.user, bot_id: actions.message.bot_id, blocks: actions.message.blocks });

      const { id, team_id, state, hash, ...requested } = fixture<ViewSubmissionFixture>('view-submission.json').view;
      expect(state).toHaveProperty('values.answer.text.value');
      const opened = await web.views.open({ trigger_id: actions.trigger_id, view: requested });
      expect(opened.view).toMatchObject({ id, team_id, hash, callback_id: 'review_edit_modal', private_metadata: 'rev_0001' });
    } finally {
      await fake.close();
    }
  });
});
