import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_HOLDING_REPLY } from '../../src/domain/review/deadlines';
import { isSampled } from '../../src/domain/review/sampling';
import worker from '../../src/index';
import { CRONS } from '../../src/platform/scheduled';
import { putDocument } from './admin-client';
import { eventually, slackCalls, slackMessages } from './fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost } from './slack-requests';
import { history, openSession, send, setStage, settled } from './web-client';

const MINUTE = 60_000;
const GROUP = 'S0STAFF';

/** One run of the scheduled handler, as Cloudflare calls it for a cron trigger; `vars` override wrangler.toml's. */
async function runCron(options: { cron?: string; at?: number; vars?: Partial<Env> } = {}): Promise<void> {
  const controller = { cron: options.cron ?? CRONS.safetyNets, scheduledTime: options.at ?? Date.now(), noRetry() {} } as ScheduledController;
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, REVIEW_REMIND_GROUP: GROUP, ...options.vars }, ctx);
  await waitOnExecutionContext(ctx);
}

const backdate = (reviewId: string, minutes: number) =>
  env.DB.prepare('UPDATE reviews SET created_at = ? WHERE id = ?').bind(new Date(Date.now() - minutes * MINUTE).toISOString(), reviewId).run();
const reviewRow = (id: string) =>
  env.DB.prepare('SELECT status, kind, channel, final_text, reminded_at, decided_at FROM reviews WHERE id = ?')
    .bind(id)
    .first<{ status: string; kind: string; channel: string; final_text: string | null; reminded_at: string | null; decided_at: string | null }>();
/** The review id a card's buttons carry (a handoff without a draft has no Approve button, so any of them). */
const reviewIdOf = (card: { blocks?: unknown[] }) => {
  const buttons = (card.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[]).find((block) => block.type === 'actions')?.elements ?? [];
  return buttons.find((button) => button.action_id?.startsWith('review_'))?.value;
};
const staffMessages = async (text: string) => (await slackMessages('C9001')).filter((message) => message.text?.includes(text));
/** Reminders that list a question (its review card mentions the question too). */
const reminders = async (text: string) => (await staffMessages(text)).filter((message) => message.text?.includes('⏰'));
const threadReplies = async (channel: string, threadTs: string) => (await slackMessages(channel)).filter((message) => message.thread_ts === threadTs);
const form = { contentType: 'application/x-www-form-urlencoded' };

/** A Slack question that needs a review (it asks for a write action); returns its review id once the card is up. */
async function askSlack(text: string) {
  const event = mention(text);
  expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
  const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(text)));
  return { event, reviewId: reviewIdOf(card)! };
}

beforeAll(async () => {
  await putDocument({ id: 'office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
  await putDocument({ id: 'help/returns.md', audience: 'public', format: 'markdown', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
});

describe('review deadlines', () => {
  it('reminds the staff channel once, in one message mentioning the group, of reviews waiting past REVIEW_REMIND_AFTER', async () => {
    const { reviewId } = await askSlack('please open a ticket for the broken coffee machine on floor 3');
    const fresh = await askSlack('please open a ticket for the flickering lamp in room 12');
    await backdate(reviewId, 45);
    const at = Date.now();

    await runCron({ at });
    const [reminder, ...more] = await reminders('broken coffee machine');
    expect(more).toEqual([]);
    expect(reminder?.text).toMatch(new RegExp(`^<!subteam\\^${GROUP}> ⏰ \\d+ questions? (is|are) still waiting for a staff decision:`));
    expect(reminder?.text).toContain('*Review* · waiting 45 min · <#C1001> · “please open a ticket for the broken coffee machine on floor 3” · <https://');
    expect(reminder?.text).not.toContain('flickering lamp');
    expect((await reviewRow(reviewId))?.reminded_at).toBeTruthy();
    expect((await reviewRow(fresh.reviewId))?.reminded_at).toBeNull();

    // A retry of the same run, and the next run: no second reminder.
    await runCron({ at });
    await runCron({ at: at + 5 * MINUTE });
    expect(await reminders('broken coffee machine')).toHaveLength(1);
  });

  it('expires a Slack review past REVIEW_EXPIRE_AFTER: the asker gets the holding message once, the card says expired', async () => {
    const { event, reviewId } = await askSlack('please open a ticket for the jammed garage gate');
    await backdate(reviewId, 25 * 60);

    await runCron();
    const replies = await threadReplies('C1001', event.ts);
    expect(replies.filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`).map((message) => message.text)).toEqual([EXPIRED_HOLDING_REPLY]);
    expect(await reviewRow(reviewId)).toMatchObject({ status: 'expired', final_text: EXPIRED_HOLDING_REPLY });
    const updated = (await slackCalls('chat.update')).filter((call) => JSON.stringify(call.body).includes('jammed garage gate'));
    expect(JSON.stringify(updated.at(-1)?.body)).toContain('Expired after');
    // Past both deadlines: closed, not reminded of.
    expect(await reminders('jammed garage gate')).toEqual([]);

    await runCron({ at: Date.now() + 5 * MINUTE });
    expect((await threadReplies('C1001', event.ts)).filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`)).toHaveLength(1);
  });

  it('expires a web chat review: the customer sees the holding message once, and a later approval sends nothing', async () => {
    await setStage('supervised');
    const session = await openSession();
    await send(session, 'How long is the return window for a refund?');
    expect((await settled(session)).awaiting).toBe('review');
    const review = await env.DB.prepare("SELECT id FROM reviews WHERE json_extract(destination, '$.conversationId') = ?").bind(session.conversationId).first<{ id: string }>();
    await backdate(review!.id, 25 * 60);

    await runCron();
    await runCron({ at: Date.now() + 5 * MINUTE });
    const after = await history(session);
    expect(after.awaiting).toBe('none');
    // The expiry notice is not a person's words: the bot's (no "from the support team"), without feedback buttons.
    expect(after.messages.filter((message) => message.role === 'assistant').map((message) => [message.kind, message.author, message.feedback, message.text])).toEqual([
      ['holding', 'bot', false, expect.any(String)],
      ['answer', 'bot', false, EXPIRED_HOLDING_REPLY],
    ]);
    expect(await reviewRow(review!.id)).toMatchObject({ status: 'expired', final_text: EXPIRED_HOLDING_REPLY });

    // Staff approve from the (now expired) card: the expiry won the transition, so nothing more is sent.
    expect((await slackPost('/slack/interactions', buttonClick('review_approve', review!.id, 'U2001'), form)).status).toBe(200);
    const told = await eventually(async () => (await slackCalls('chat.postEphemeral')).find((call) => call.body.user === 'U2001' && String(call.body.text).includes('expired')));
    expect(told.body.text).toBe('This review expired before anyone decided: the asker got the holding message, and nothing more was sent.');
    expect((await history(session)).messages.filter((message) => message.role === 'assistant')).toHaveLength(2);
    expect((await reviewRow(review!.id))?.status).toBe('expired');
  });

  it('refuses deadlines that cannot work, saying which setting to fix', async () => {
    await expect(runCron({ vars: { REVIEW_REMIND_AFTER: '1440', REVIEW_EXPIRE_AFTER: '60' } })).rejects.toThrow('REVIEW_REMIND_AFTER must be shorter than REVIEW_EXPIRE_AFTER');
    await expect(runCron({ vars: { REVIEW_EXPIRE_AFTER: '1 day' } })).rejects.toThrow('REVIEW_EXPIRE_AFTER must be whole minutes');
  });

  it('keeps expiring reviews when the step-down settings are broken, and still fails the run', async () => {
    const { reviewId } = await askSlack('please open a ticket for the squeaky office chair');
    await backdate(reviewId, 25 * 60);
    await expect(runCron({ vars: { READINESS_BARS: '{"stepDown": ' } })).rejects.toThrow('READINESS_BARS is not valid JSON');
    expect((await reviewRow(reviewId))?.status).toBe('expired');
  });
});

describe('automatic step-down', () => {
  async function seedSamples(channel: string, approved: number, rejected: number): Promise<void> {
    const now = new Date().toISOString();
    const statuses = [...Array<string>(approved).fill('approved'), ...Array<string>(rejected).fill('rejected')];
    await env.DB.batch(
      statuses.map((status) =>
        env.DB.prepare(
          `INSERT INTO reviews (id, draft_id, kind, channel, destination, status, created_at, decided_at, decided_by, final_text)
           VALUES (?, ?, 'sample', ?, '{"kind":"web","conversationId":"c","messageId":"m"}', ?, ?, ?, 'U2001', 'graded')`,
        ).bind(crypto.randomUUID(), crypto.randomUUID(), channel, status, now, now),
      ),
    );
  }
  const stageOf = async (channel: string) => (await env.DB.prepare('SELECT stage FROM channels WHERE id = ?').bind(channel).first<{ stage: string }>())?.stage;
  const stepDowns = () => env.DB.prepare("SELECT actor, subject, comment, details FROM audit_log WHERE action = 'stage-stepped-down' ORDER BY id").all<{ actor: string; subject: string; comment: string; details: string }>();

  it('moves an autonomous channel with 30% of its samples rejected back to supervised, audits why, and alerts staff; leaves a healthy one alone', async () => {
    await setStage('autonomous');
    await env.DB.prepare("INSERT INTO channels (id, kind, stage, updated_at, updated_by) VALUES ('shop', 'web', 'autonomous', ?, 'test')").bind(new Date().toISOString()).run();
    await seedSamples('web', 14, 6);
    await seedSamples('shop', 19, 1);

    await runCron();
    expect(await stageOf('web')).toBe('supervised');
    expect(await stageOf('shop')).toBe('autonomous');
    const { results } = await stepDowns();
    expect(results.map((row) => row.subject)).toEqual(['web']);
    expect(results[0]).toMatchObject({ actor: 'safety-net', comment: 'Step down to supervised: 6 of 20 sampled replies rejected by staff (30%), above the 10% limit.' });
    expect(JSON.parse(results[0]!.details)).toMatchObject({
      from: 'autonomous',
      to: 'supervised',
      direction: 'down',
      readiness: { ready: false, figures: { sampledRejection: { count: 6, of: 20, rate: 0.3 }, notHelpful: { count: 0, of: 0, rate: null } } },
    });
    const [alert, ...again] = await staffMessages('The *web* channel is back to *supervised*');
    expect(alert?.text).toContain(`<!subteam^${GROUP}>`);
    expect(alert?.text).toContain('6 of 20 sampled replies rejected by staff (30%)');

    // Supervised now: the next run changes nothing and says nothing.
    await runCron({ at: Date.now() + 5 * MINUTE });
    expect((await stepDowns()).results).toHaveLength(1);
    expect(again).toEqual([]);
    expect(await staffMessages('The *web* channel is back to *supervised*')).toHaveLength(1);
  });
});

describe('sampling in Slack', () => {
  it('queues a share of the replies sent in autonomous for grading, with a card, deterministically by event', async () => {
    await env.DB.prepare(
      "INSERT INTO channels (id, kind, stage, updated_at, updated_by) VALUES ('slack', 'slack', 'autonomous', ?, 'test') ON CONFLICT (id) DO UPDATE SET stage = 'autonomous'",
    )
      .bind(new Date().toISOString())
      .run();
    // SAMPLE_RATE is 0.1 (wrangler.toml): pick one event id that is sampled and one that is not.
    const ids = Array.from({ length: 200 }, (_, index) => `EvSample${index}`);
    const flags = await Promise.all(ids.map((id) => isSampled(`slack:${id}`, 0.1)));
    const sampledId = ids[flags.indexOf(true)]!;
    const skippedId = ids[flags.indexOf(false)]!;

    const sampled = mention('where do employees park in the garage?');
    const skipped = mention('which garage level is employee parking on?');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(sampled, sampledId)));
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(skipped, skippedId)));
    const reply = await eventually(async () => (await threadReplies('C1001', sampled.ts)).at(0));
    expect(reply.metadata?.event_payload.key).toBe(`reply:slack:${sampledId}`);
    await eventually(async () => (await threadReplies('C1001', skipped.ts)).at(0));

    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('where do employees park in the garage')));
    expect(JSON.stringify(card.blocks)).toContain('Sampled reply (already sent)');
    expect((await slackMessages('C9001')).some((message) => JSON.stringify(message.blocks ?? '').includes('which garage level'))).toBe(false);
    const samples = await env.DB.prepare("SELECT r.kind, r.channel, r.status, d.question FROM reviews r JOIN drafts d ON d.id = r.draft_id WHERE r.kind = 'sample' AND r.channel = 'slack'").all();
    expect(samples.results).toEqual([{ kind: 'sample', channel: 'slack', status: 'pending', question: expect.stringContaining('where do employees park') }]);
    // A sampled reply already went out: it is never reminded of nor expired.
    await env.DB.prepare("UPDATE reviews SET created_at = ? WHERE kind = 'sample' AND channel = 'slack'").bind(new Date(Date.now() - 48 * 60 * MINUTE).toISOString()).run();
    await runCron();
    expect((await env.DB.prepare("SELECT status FROM reviews WHERE kind = 'sample' AND channel = 'slack'").first<{ status: string }>())?.status).toBe('pending');
    expect(await threadReplies('C1001', sampled.ts)).toHaveLength(1);
  });
});

describe('the nightly run', () => {
  it('also prunes old rate-limit windows', async () => {
    const old = Math.floor(Date.now() / 1000) - 7200;
    const current = Math.floor(Date.now() / 1000);
    await env.DB.prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1), (?, ?, 1)').bind('ip:old', old, 'ip:now', current).run();
    await runCron({ cron: CRONS.nightly });
    const { results } = await env.DB.prepare("SELECT key FROM rate_limits WHERE key IN ('ip:old', 'ip:now')").all<{ key: string }>();
    expect(results).toEqual([{ key: 'ip:now' }]);
  });
});
