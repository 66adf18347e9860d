import { randomBytes } from 'node:crypto';
import { AdminClient } from '../../scripts/lib/admin-client';
import { type FakeOpenAI, startFakeOpenAI } from '../../test/support/fake-openai/server';
import { type FakeSlack, startFakeSlack } from '../../test/support/fake-slack/server';
import { BENCH_DOCUMENTS, GROUNDED_REPLY, WEB_QUESTIONS } from './load-fixtures';
import { type BenchWorker, startBenchWorker } from './load-worker';

/** The Slack identity the fake Slack Web API and the Worker share. */
export const BENCH_SLACK = {
  token: 'xoxb-bench',
  signingSecret: 'bench-signing-secret',
  staffChannel: 'C9001',
  /** Where the signed app_mention envelopes (signed-events.ts) are posted. */
  channel: 'C1001',
  botUserId: 'UBOT',
  botId: 'B0BOT',
};

/**
 * Web chat limits for a benchmark: many conversations and messages from one
 * address (127.0.0.1) are the point here, so the per-session and per-IP
 * rate limits are set out of reach (each message still pays for the D1
 * upserts that count it). Printed with the results.
 */
export const BENCH_WEB_LIMITS = {
  WEB_RATE_PER_SESSION: '100000',
  WEB_RATE_PER_IP: '1000000',
  WEB_MAX_HISTORY: '10000',
};

export interface LoadSetup {
  worker: BenchWorker;
  admin: AdminClient;
  model: BenchModel;
  fakeSlack: FakeSlack | null;
  /** The decision and confidence of one sample question through POST /admin/answer, as a sanity check. */
  sample: { decision: string; confidence: number };
  stop(): Promise<void>;
}

/**
 * The zero-latency fake OpenAI server (test/support/fake-openai) with the
 * grounded reply queued: the fake answers each chat call with the next
 * scripted reply, so the benchmark keeps two queued per question it sends
 * (one is used; the spare covers a retried answer). Embeddings are the
 * fake's hashed bag-of-words, also instant.
 */
export class BenchModel {
  /** Chat calls among the request records already forgotten. */
  private forgottenChatCalls = 0;

  constructor(readonly fake: FakeOpenAI) {}

  /** Queues replies for `questions` more questions. */
  expect(questions: number): void {
    for (let index = 0; index < 2 * questions; index++) this.fake.script('chat.completions', GROUNDED_REPLY);
    // The fake records every request (prompts included): forget them so a long run's memory stays flat.
    if (this.fake.requests.length > 2000) {
      this.forgottenChatCalls += this.recordedChatCalls();
      this.fake.requests.length = 0;
    }
  }

  /** Chat completions the Worker asked for so far: one per question drafted, more if any is drafted twice. */
  chatCalls(): number {
    return this.forgottenChatCalls + this.recordedChatCalls();
  }

  private recordedChatCalls(): number {
    return this.fake.requests.filter((request) => request.path === '/v1/chat/completions').length;
  }
}

/**
 * A throw-away Worker (the deployable bundle in workerd, queue consumer on) wired to the fake
 * model (and, with `slack`, to a fake Slack Web API in this process), the
 * web channel moved to `autonomous` (through the admin API, audited as any
 * change), two public help pages ingested, and one question answered to
 * check that replies are sent without review.
 */
export async function startLoadSetup(options: { slack: boolean; keepLogs?: boolean; say: (line: string) => void }): Promise<LoadSetup> {
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    const stops = await Promise.allSettled(started.splice(0).reverse().map((service) => service.stop()));
    for (const result of stops) if (result.status === 'rejected') console.error(`cleanup: ${String(result.reason)}`);
  };
  try {
    const fake = await startFakeOpenAI();
    started.push({ stop: () => fake.close() });
    const model = new BenchModel(fake);
    let fakeSlack: FakeSlack | null = null;
    if (options.slack) {
      const slack = await startFakeSlack({ botToken: BENCH_SLACK.token, botUserId: BENCH_SLACK.botUserId, botId: BENCH_SLACK.botId });
      fakeSlack = slack;
      started.push({ stop: () => slack.close() });
    }
    options.say('building the Worker and starting it in workerd (Miniflare, queue consumer on) ...');
    const worker = await startBenchWorker({
      keepLogs: options.keepLogs,
      vars: {
        CHAT_MODEL: 'fake-model',
        OPENAI_BASE_URL: fake.url,
        OPENAI_API_KEY: 'bench-dummy-key',
        TOKEN_COUNTER: 'approximate',
        WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
        ...BENCH_WEB_LIMITS,
        ...(fakeSlack
          ? {
              SLACK_BOT_TOKEN: BENCH_SLACK.token,
              SLACK_SIGNING_SECRET: BENCH_SLACK.signingSecret,
              SLACK_STAFF_CHANNEL: BENCH_SLACK.staffChannel,
              SLACK_API_URL: fakeSlack.url,
              SLACK_BOT_USER_ID: BENCH_SLACK.botUserId,
              SLACK_BOT_ID: BENCH_SLACK.botId,
            }
          : {}),
      },
    });
    started.push(worker);
    const admin = new AdminClient(worker.origin, worker.adminToken);
    await setStage(worker, 'autonomous');
    for (const document of BENCH_DOCUMENTS) {
      await admin.putDocument({
        id: document.id,
        title: document.title,
        audience: 'public',
        tags: [],
        format: 'markdown',
        contentBase64: Buffer.from(document.markdown).toString('base64'),
      });
    }
    model.expect(1);
    const draft = await admin.answer(WEB_QUESTIONS[0], 'customer', 'autonomous');
    return { worker, admin, model, fakeSlack, sample: { decision: draft.decision, confidence: draft.confidence }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** POST /admin/channels/web/stage with an override (no readiness figures exist in an empty database). */
async function setStage(worker: BenchWorker, stage: 'autonomous'): Promise<void> {
  const response = await fetch(`${worker.origin}/admin/channels/web/stage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${worker.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ stage, actor: 'bench', reason: 'Load benchmark on a throw-away local Worker.', override: true }),
  });
  if (!response.ok) throw new Error(`setting the web channel to ${stage} failed: HTTP ${response.status} ${await response.text()}`);
}
