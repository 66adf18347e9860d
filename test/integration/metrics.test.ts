import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1DraftStore } from '../../src/adapters/d1/d1-draft-store';
import { D1Metrics } from '../../src/adapters/d1/d1-metrics';
import { wiringFor } from '../../src/wiring/wiring';
import type { Draft } from '../../src/domain/answer/types';
import { type ChannelMetrics, channelMetrics, DEFAULT_MODEL_PRICES, windowForDays } from '../../src/domain/metrics';
import type { AppEnv } from '../../src/http/app-env';
import { handleError } from '../../src/http/errors';
import { adminMetricsRoutes } from '../../src/http/routes/admin-metrics';
import { ADMIN_TOKEN } from './admin-client';

// The sub-app mounted as app.ts mounts it, behind the same per-request setup.
const app = new Hono<AppEnv>();
app.use(async (c, next) => {
  const wiring = wiringFor(c.env);
  c.set('config', wiring.config);
  c.set('wiring', wiring);
  await next();
});
app.route('/admin/api', adminMetricsRoutes);
app.onError(handleError);

async function get(path: string, options: { token?: string | null; bindings?: Env } = {}): Promise<Response> {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  return app.request(`https://countersign.test${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }, options.bindings ?? env);
}

interface Seed {
  id: string;
  channel: string;
  at: string;
  decision: Draft['decision'];
  question?: string;
  answer?: string;
  model?: string | null;
  tokens?: [number, number];
  actions?: Draft['proposedActions'];
}

async function seedDraft(seed: Seed): Promise<void> {
  const [inputTokens, outputTokens] = seed.tokens ?? [0, 0];
  const model = seed.model ?? null;
  await new D1DraftStore(env.DB).save(
    {
      id: seed.id,
      createdAt: seed.at,
      question: seed.question ?? `question ${seed.id}`,
      audience: 'customer',
      stage: 'supervised',
      mode: model ? 'model' : 'extractive',
      answer: seed.answer ?? `answer ${seed.id}`,
      citations: [],
      proposedActions: seed.actions ?? [],
      toolRuns: [],
      confidence: 0.5,
      reasons: [],
      decision: seed.decision,
      provenance: { model, promptVersion: 'answer-v1', passages: [], retrievalMode: 'lexical', selfAssessment: null, verifiedAnswerId: null, latencyMs: 1, inputTokens, outputTokens, modelError: null },
    },
    seed.channel,
  );
}

async function seedReview(draftId: string, channel: string, kind: string, status: string, createdAt: string, decidedAfterSeconds: number | null, finalText: string | null = null) {
  const decidedAt = decidedAfterSeconds === null ? null : new Date(Date.parse(createdAt) + decidedAfterSeconds * 1000).toISOString();
  await env.DB.prepare(
    `INSERT INTO reviews (id, draft_id, kind, destination, status, created_at, decided_at, decided_by, final_text, channel)
     VALUES (?, ?, ?, '{"kind":"web","conversationId":"c1"}', ?, ?, ?, ?, ?, ?)`,
  )
    .bind(`review-${draftId}`, draftId, kind, status, createdAt, decidedAt, decidedAt ? 'staff@example.com' : null, finalText, channel)
    .run();
}

async function vote(draftId: string, userId: string, helpful: boolean) {
  await env.DB.prepare('INSERT INTO feedback (draft_id, user_id, helpful, created_at) VALUES (?, ?, ?, ?)')
    .bind(draftId, userId, helpful ? 1 : 0, '2026-11-26T12:00:00.000Z')
    .run();
}

const at = (day: number, hour: number, minute = 0) => `2026-11-${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
const fixedWindow = windowForDays(3, new Date('2026-11-26T18:00:00.000Z'));
const ticket = [{ tool: 'create_ticket', arguments: { title: 'Refund' }, summary: 'Open a refund ticket' }];

beforeAll(async () => {
  // Channel "web": ten reviewed drafts (7 approved, 2 edited, 1 rejected with an action),
  // decided after 30, 60, … 300 seconds; one sent; two handoffs of the same question.
  for (let index = 1; index <= 10; index++) {
    const answers: Record<number, [string, string]> = {
      8: ['Our office opens at 9.', 'Our office opens at 8.'],
      9: ['Parking is free.', 'Parking is free for visitors.'],
    };
    const createdAt = at(index <= 5 ? 24 : 25, 8 + index);
    const edit = answers[index];
    await seedDraft({
      id: `w${index}`,
      channel: 'web',
      at: createdAt,
      decision: 'review',
      model: 'gpt-4o-mini',
      tokens: [1000, 200],
      ...(edit ? { answer: edit[0] } : {}),
      ...(index === 10 ? { actions: ticket } : {}),
    });
    const status = index <= 7 ? 'approved' : index <= 9 ? 'edited' : 'rejected';
    await seedReview(`w${index}`, 'web', 'review', status, createdAt, index * 30, edit?.[1] ?? `answer w${index}`);
  }
  await seedDraft({ id: 'w11', channel: 'web', at: at(26, 9), decision: 'send', model: 'gpt-4.1-mini', tokens: [5000, 500] });
  await seedDraft({ id: 'w12', channel: 'web', at: at(26, 10), decision: 'handoff', question: 'How do I reset my password?' });
  await seedReview('w12', 'web', 'handoff', 'pending', at(26, 10), null);
  await seedDraft({ id: 'w13', channel: 'web', at: at(26, 11), decision: 'handoff', question: 'how do I reset my   password' });
  // Outside the channel or the window: never counted for "web".
  await seedDraft({ id: 'w-old', channel: 'web', at: at(23, 23), decision: 'handoff', question: 'Old question' });
  await seedDraft({ id: 'sl1', channel: 'slack', at: at(25, 12), decision: 'handoff', question: 'How do I reset my password?', model: 'gpt-4o', tokens: [9000, 900] });
  await seedReview('sl1', 'slack', 'handoff', 'rejected', at(25, 12), 5);
  await seedDraft({ id: 'pv1', channel: 'preview', at: at(25, 13), decision: 'handoff', question: 'How do I reset my password?' });
  await vote('w1', 'u1', true);
  await vote('w1', 'u2', true);
  await vote('w2', 'u3', true);
  await vote('w11', 'u1', false);
  await vote('sl1', 'u1', false);
  await vote('w-old', 'u1', true);
});

describe('D1Metrics with the metrics domain', () => {
  it('computes every figure of a channel over a window exactly', async () => {
    const facts = await new D1Metrics(env.DB).windowFacts('web', fixedWindow);
    const metrics = channelMetrics(facts, fixedWindow, DEFAULT_MODEL_PRICES);
    expect(metrics.complete).toBe(true);
    expect(metrics.questions).toEqual({
      total: 13,
      sent: 1,
      reviewed: 10,
      handedOff: 2,
      previewsLeftOut: 0,
      perDay: [
        { date: '2026-11-24', questions: 5, sent: 0, reviewed: 5, handedOff: 0 },
        { date: '2026-11-25', questions: 5, sent: 0, reviewed: 5, handedOff: 0 },
        { date: '2026-11-26', questions: 3, sent: 1, reviewed: 0, handedOff: 2 },
      ],
    });
    expect(metrics.reviews.graded).toEqual({
      total: 10,
      pending: 0,
      approved: 7,
      edited: 2,
      rejected: 1,
      expired: 0,
      reviewed: 10,
      closed: 10,
      rates: {
        approvedWithoutEdits: { count: 7, of: 10, rate: 0.7 },
        edited: { count: 2, of: 10, rate: 0.2 },
        rejected: { count: 1, of: 10, rate: 0.1 },
        expired: { count: 0, of: 10, rate: 0 },
      },
      rejectedActions: 1,
      // "9." → "8.": 1 of 5 words; "free." → "free", + "for", + "visitors.": 3 of 5 words.
      editSize: { measured: 2, mean: expect.closeTo(0.4, 12), p50: 0.2, p90: 0.6 },
    });
    expect(metrics.reviews.byKind.handoff).toMatchObject({ total: 1, pending: 1, closed: 0, rates: { approvedWithoutEdits: { count: 0, of: 0, rate: null } } });
    expect(metrics.reviews.byKind.sample.total).toBe(0);
    // 30 … 300 s: nearest rank 5 of 10 and 9 of 10.
    expect(metrics.timeToDecision).toEqual({ decisions: 10, p50Seconds: 150, p90Seconds: 270 });
    expect(metrics.feedback).toEqual({ votes: 4, helpful: 3, notHelpful: 1, notHelpfulRate: { count: 1, of: 4, rate: 0.25 } });
    expect(metrics.knowledgeGaps).toEqual([{ question: 'how do I reset my password', key: 'how do i reset my password', count: 2, lastAskedAt: at(26, 11) }]);
    // 10 × (1000 × 0.15 + 200 × 0.60) / 1e6 = 0.0027; 5000 × 0.40 + 500 × 1.60 = 0.0028 per 1e6; extractive 0.
    expect(metrics.cost).toEqual({
      inputTokens: 15_000,
      outputTokens: 2500,
      usd: expect.closeTo(0.0055, 12),
      byModel: [
        { model: 'gpt-4o-mini', drafts: 10, inputTokens: 10_000, outputTokens: 2000, usd: expect.closeTo(0.0027, 12) },
        { model: 'gpt-4.1-mini', drafts: 1, inputTokens: 5000, outputTokens: 500, usd: expect.closeTo(0.0028, 12) },
        { model: null, drafts: 2, inputTokens: 0, outputTokens: 0, usd: 0 },
      ],
      unpricedModels: [],
      note: null,
    });
  });

  it('keeps Slack and preview drafts apart from the web channel, and Slack its own', async () => {
    const slack = channelMetrics(await new D1Metrics(env.DB).windowFacts('slack', fixedWindow), fixedWindow, DEFAULT_MODEL_PRICES);
    expect(slack.questions.total).toBe(1);
    expect(slack.reviews.byKind.handoff.rejected).toBe(1);
    expect(slack.feedback.votes).toBe(1);
    const preview = await new D1Metrics(env.DB).windowFacts('nope', fixedWindow);
    expect(preview.drafts).toEqual([]);
  });

  it('reads step-down facts: the samples and votes since a time', async () => {
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    for (const [id, hours, status] of [['sd1', 30, 'rejected'], ['sd2', 20, 'approved'], ['sd3', 10, 'pending']] as const) {
      await seedDraft({ id, channel: 'step', at: ago(hours), decision: 'send' });
      await seedReview(id, 'step', 'sample', status, ago(hours), status === 'pending' ? null : 60);
    }
    await seedDraft({ id: 'sd4', channel: 'step', at: ago(5), decision: 'review' });
    await seedReview('sd4', 'step', 'review', 'rejected', ago(5), 60);
    await vote('sd1', 'u1', false);
    await vote('sd2', 'u1', false);
    await vote('sd4', 'u2', true);
    const facts = await new D1Metrics(env.DB).stepDownFacts('step', ago(24));
    expect(facts.samples.map((sample) => sample.status)).toEqual(['pending', 'approved']);
    expect(facts.feedback).toEqual([
      { draftId: 'sd4', helpful: true },
      { draftId: 'sd2', helpful: false },
    ]);
    await expect(new D1Metrics(env.DB).stepDownFacts('step', 'last week')).rejects.toThrow(RangeError);
  });
});

describe('GET /admin/api/readiness', () => {
  it('reports the bars for the next stage: web is internal, so supervised', async () => {
    const response = await get('/admin/api/readiness?channel=web');
    expect(response.status).toBe(200);
    const { readiness } = (await response.json()) as { readiness: Record<string, unknown> };
    expect(readiness).toMatchObject({
      channel: 'web',
      stage: 'internal',
      target: 'supervised',
      ready: false,
      bars: [
        // Readiness reads the latest drafts, not a window: w-old counts here, and its vote.
        { id: 'min-questions', label: 'At least 20 questions answered', required: 20, actual: 14, met: false },
        { id: 'max-not-helpful-rate', label: 'At most 30% of feedback votes not helpful', required: 0.3, actual: 0.2, met: true },
      ],
      unmet: ['At least 20 questions answered (have 14)'],
      summary: 'Not ready for supervised: 1 of 2 bars not met over the last 10 closed reviews and 14 questions: At least 20 questions answered (have 14).',
      sample: { size: 200, reviews: 10, questions: 14, previewQuestions: 0, oldestReviewAt: at(24, 9), newestReviewAt: at(25, 18) },
    });
  });

  it('reports the autonomous bars over the last reviewed drafts, saying which are not met', async () => {
    const { readiness } = (await (await get('/admin/api/readiness?channel=web&target=autonomous')).json()) as { readiness: Record<string, unknown> };
    expect(readiness).toMatchObject({
      target: 'autonomous',
      ready: false,
      bars: [
        { id: 'min-reviewed', required: 100, actual: 10, met: false },
        { id: 'min-approved-without-edits', required: 0.95, actual: 0.7, met: false },
        { id: 'max-rejected-actions', label: 'No rejected action', required: 0, actual: 1, met: false },
        // 1 of 5 votes: at the limit, which meets it.
        { id: 'max-not-helpful-rate', required: 0.2, actual: 0.2, met: true },
      ],
      unmet: ['At least 100 drafts reviewed by staff (have 10)', 'At least 95% approved without edits (have 70%)', 'No rejected action (have 1)'],
    });
  });

  it('takes its bars from READINESS_BARS, and reports a bad setting plainly', async () => {
    const bars = JSON.stringify({ sampleSize: 5, supervised: { minQuestions: 5 }, autonomous: { minReviewed: 5, minApprovedWithoutEditsRate: 0.6, maxRejectedActions: null, maxNotHelpfulRate: null } });
    const custom = (await (await get('/admin/api/readiness?channel=web&target=autonomous', { bindings: { ...env, READINESS_BARS: bars } as Env })).json()) as {
      readiness: { ready: boolean; bars: { id: string; actual: number }[]; sample: { reviews: number } };
    };
    // The newest five closed reviews: w6 … w10 (2 approved, 2 edited, 1 rejected).
    expect(custom.readiness.sample.reviews).toBe(5);
    expect(custom.readiness.bars.map((bar) => [bar.id, bar.actual])).toEqual([
      ['min-reviewed', 5],
      ['min-approved-without-edits', 0.4],
    ]);
    expect(custom.readiness.ready).toBe(false);

    const broken = await get('/admin/api/readiness?channel=web', { bindings: { ...env, READINESS_BARS: '{"autonomous": {"minReveiwed": 1}}' } as Env });
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: { code: 'invalid_config', message: 'READINESS_BARS: autonomous: Unrecognized key(s) in object: \'minReveiwed\'' } });
  });
});

describe('GET /admin/api/metrics', () => {
  it('returns the window, the figures and the readiness report of a channel', async () => {
    await env.DB.prepare("INSERT INTO channels (id, kind, stage, updated_at, updated_by) VALUES ('web-eu', 'web', 'supervised', '2026-01-01T00:00:00.000Z', 'test')").run();
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const day = 86_400_000;
    const time = (offsetMs: number) => new Date(midnight.getTime() + offsetMs).toISOString();
    await seedDraft({ id: 'eu1', channel: 'web-eu', at: time(60_000), decision: 'send', model: 'my-local-model', tokens: [100, 10] });
    await seedDraft({ id: 'eu2', channel: 'web-eu', at: time(120_000), decision: 'review' });
    await seedReview('eu2', 'web-eu', 'review', 'approved', time(120_000), 45);
    await seedDraft({ id: 'eu3', channel: 'web-eu', at: time(-day + 60_000), decision: 'handoff', question: 'Opening hours in Lisbon?' });
    await seedDraft({ id: 'eu4', channel: 'web-eu', at: time(-3 * day), decision: 'handoff', question: 'Too old' });

    const response = await get('/admin/api/metrics?channel=web-eu&days=2');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { channel: string; stage: string; window: unknown; metrics: ChannelMetrics; readiness: Record<string, unknown> };
    expect(body.channel).toBe('web-eu');
    expect(body.stage).toBe('supervised');
    expect(body.window).toEqual({ days: 2, from: time(-day), to: time(day) });
    expect(body.metrics.questions).toEqual({
      total: 3,
      sent: 1,
      reviewed: 1,
      handedOff: 1,
      previewsLeftOut: 0,
      perDay: [
        { date: time(-day).slice(0, 10), questions: 1, sent: 0, reviewed: 0, handedOff: 1 },
        { date: time(0).slice(0, 10), questions: 2, sent: 1, reviewed: 1, handedOff: 0 },
      ],
    });
    expect(body.metrics.timeToDecision).toEqual({ decisions: 1, p50Seconds: 45, p90Seconds: 45 });
    expect(body.metrics.reviews.graded.rates.approvedWithoutEdits).toEqual({ count: 1, of: 1, rate: 1 });
    expect(body.metrics.feedback.notHelpfulRate).toEqual({ count: 0, of: 0, rate: null });
    expect(body.metrics.knowledgeGaps).toEqual([{ question: 'Opening hours in Lisbon?', key: 'opening hours in lisbon', count: 1, lastAskedAt: time(-day + 60_000) }]);
    expect(body.metrics.cost).toMatchObject({ usd: null, unpricedModels: ['my-local-model'] });
    expect(body.metrics.cost.note).toContain('MODEL_PRICES');
    expect(body.readiness).toMatchObject({ channel: 'web-eu', stage: 'supervised', target: 'autonomous', ready: false });
  });

  it('accepts slack before its channel row exists, at SLACK_STAGE', async () => {
    const response = await get('/admin/api/metrics?channel=slack');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ channel: 'slack', stage: 'internal', window: { days: 30 } });
  });

  it('validates the channel and the window, and needs the admin token', async () => {
    const cases: [string, number, Record<string, unknown>][] = [
      ['/admin/api/metrics', 400, { code: 'invalid_request', field: 'channel' }],
      ['/admin/api/metrics?channel=web&days=0', 400, { code: 'invalid_request', field: 'days' }],
      ['/admin/api/metrics?channel=web&days=91', 400, { code: 'invalid_request', field: 'days' }],
      ['/admin/api/metrics?channel=web&days=soon', 400, { code: 'invalid_request', field: 'days' }],
      ['/admin/api/metrics?channel=%3Cscript%3E', 400, { code: 'invalid_request', field: 'channel' }],
      ['/admin/api/metrics?channel=preview', 400, { code: 'invalid_request', field: 'channel' }],
      ['/admin/api/metrics?channel=mars', 404, { code: 'unknown_channel', field: 'channel' }],
      ['/admin/api/readiness?channel=web&target=internal', 400, { code: 'invalid_request', field: 'target' }],
      ['/admin/api/readiness?channel=mars', 404, { code: 'unknown_channel' }],
    ];
    for (const [path, status, error] of cases) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, status]);
      expect(await response.json()).toMatchObject({ error });
    }
    expect((await get('/admin/api/metrics?channel=web', { token: null })).status).toBe(401);
    expect((await get('/admin/api/readiness?channel=web', { token: 'wrong' })).status).toBe(401);
  });
});
