import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { D1DocumentStore } from '../../src/adapters/d1/d1-document-store';
import { D1LexicalIndex } from '../../src/adapters/d1/d1-lexical-index';
import { D1VerifiedAnswerStore } from '../../src/adapters/d1/d1-verified-answer-store';
import { OpenAIChatModel } from '../../src/adapters/openai/openai-chat-model';
import { ApproximateCounter } from '../../src/domain/answer/approximate-counter';
import { AnswerEngine } from '../../src/domain/answer/answer-engine';
import { DEFAULT_ENGINE_CONFIG } from '../../src/domain/answer/engine-config';
import { searchKnowledge } from '../../src/domain/knowledge/search-knowledge';
import { putDocument } from '../integration/admin-client';
import { FINE_TUNED_MODEL } from '../integration/engine-fixture';
import { recordedRequests, resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack } from '../integration/fake-slack-control';
import { eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { history, openSession, send, setStage, settled } from '../integration/web-client';
import { count, deliveryKey, inboundStatus, modelAnswer, prng, threadReplies } from './support';

/**
 * Model faults through the real path: the Worker here has a chat model (the
 * fake OpenAI server), so each question goes intake → queue → answer engine
 * → OpenAI adapter (its retries) → policy → delivery or review. A third of
 * the model calls fail in every way the fake can fail.
 */

const FAULTS = [
  { fault: 'status', status: 500 },
  { fault: 'status', status: 503 },
  { fault: 'rate-limit', retryAfterSeconds: 1 },
  { fault: 'malformed-json' },
  { fault: 'truncated-stream' },
] as const;
const FAULT_RATE = 0.3;

/** `steps` chat replies, exactly 30% of them faults (seeded shuffle), the rest `answer`. */
function faultyScript(seed: number, steps: number, answer: unknown): unknown[] {
  const random = prng(seed);
  const faults = Math.round(steps * FAULT_RATE);
  const script: unknown[] = [...Array.from({ length: faults }, () => random.pick(FAULTS)), ...Array.from({ length: steps - faults }, () => answer)];
  for (let index = script.length - 1; index > 0; index--) {
    const other = random.int(index + 1);
    [script[index], script[other]] = [script[other], script[index]];
  }
  return script;
}

/** How many of the script's steps the fake consumed (one per chat call), and how many of those were faults. */
async function consumed(script: unknown[]) {
  const calls = (await recordedRequests()).filter((request) => request.path === '/v1/chat/completions').length;
  const faults = script.slice(0, calls).filter((step) => typeof step === 'object' && step !== null && 'fault' in step).length;
  return { calls, faults };
}

beforeAll(async () => {
  await putDocument({ id: 'faults/parking.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
  await putDocument({ id: 'faults/returns.md', audience: 'public', format: 'markdown', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});

describe('30% of model calls fail', () => {
  it('Slack: every question ends answered, or handed off with a review; none lost, none answered twice', async () => {
    const script = faultyScript(4242, 90, modelAnswer('Employees park in the garage on level -1 [P1].'));
    await scriptChat(...script);
    const questions = Array.from({ length: 20 }, (_, index) => {
      const event = mention(index % 2 ? 'where do employees park in the garage?' : 'employee parking garage level?');
      const envelope = eventEnvelope(event, `EvModel${index}x${Date.now()}`);
      return { event, envelope, key: `slack:${envelope.event_id}` };
    });
    for (const { envelope } of questions) expect((await slackPost('/slack/events', JSON.stringify(envelope))).status).toBe(200);

    for (const { key } of questions) await eventually(async () => (await inboundStatus(key)) === 'done', 40_000);
    const outcomes = { send: 0, review: 0, handoff: 0 };
    for (const { event, key } of questions) {
      const replies = await threadReplies('C1001', event.ts);
      // Exactly one message to the asker: the answer, or the holding reply.
      expect(replies.map(deliveryKey), key).toHaveLength(1);
      const draft = await env.DB.prepare('SELECT d.id, d.decision, d.model_error FROM drafts d JOIN inbound_events e ON e.draft_id = d.id WHERE e.key = ?')
        .bind(key)
        .first<{ id: string; decision: 'send' | 'review' | 'handoff'; model_error: string | null }>();
      expect(draft, key).toBeTruthy();
      outcomes[draft!.decision]++;
      const reviews = await env.DB.prepare('SELECT kind, status, card FROM reviews WHERE draft_id = ?').bind(draft!.id).all<{ kind: string; status: string; card: string | null }>();
      if (draft!.decision === 'send') {
        expect(deliveryKey(replies[0]!)).toBe(`reply:${key}`);
        expect(reviews.results).toEqual([]);
      } else {
        expect(deliveryKey(replies[0]!)).toBe(`holding:${key}`);
        // Staff got exactly one review, with its card in the staff channel.
        expect(reviews.results).toHaveLength(1);
        expect(reviews.results[0]).toMatchObject({ kind: draft!.decision, status: 'pending' });
        expect(reviews.results[0]!.card).toBeTruthy();
      }
      // A failed model leaves its trace, and always hands off.
      if (draft!.model_error) expect(draft!.decision).toBe('handoff');
      else expect(draft!.decision).not.toBe('handoff');
    }
    const { calls, faults } = await consumed(script);
    console.log(JSON.stringify({ channel: 'slack', questions: questions.length, modelCalls: calls, faultsInjected: faults, outcomes }));
    expect(faults / calls).toBeGreaterThan(0.15);
    expect(outcomes.send + outcomes.review + outcomes.handoff).toBe(questions.length);
    // Most retries succeed: some answers still went straight out, and some questions were handed off.
    expect(outcomes.send).toBeGreaterThan(0);
  });

  it('web chat: every customer question ends answered, or with the holding reply and a review', async () => {
    await setStage('autonomous');
    const script = faultyScript(777, 50, modelAnswer('You can return any item within 30 days of delivery for a full refund [P1].'));
    await scriptChat(...script);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => openSession()));
    for (const session of sessions) expect((await send(session, 'how many days do I have to return an item for a refund?')).status).toBe(202);

    const outcomes = { answer: 0, review: 0 };
    for (const session of sessions) {
      const { messages, awaiting } = await settled(session, 40_000);
      const replies = messages.filter((message) => message.role === 'assistant');
      expect(replies, session.conversationId).toHaveLength(1);
      const reviews = await count("SELECT count(*) AS n FROM reviews WHERE json_extract(destination, '$.conversationId') = ?", session.conversationId);
      if (replies[0]!.kind === 'answer') {
        expect(awaiting).toBe('none');
        expect(reviews).toBe(0);
        outcomes.answer++;
      } else {
        expect(replies[0]!.kind).toBe('holding');
        expect(awaiting).toBe('review');
        expect(reviews).toBe(1);
        outcomes.review++;
      }
      // Nothing arrives later: the answer is not delivered twice.
      expect((await history(session)).messages).toHaveLength(2);
    }
    const { calls, faults } = await consumed(script);
    console.log(JSON.stringify({ channel: 'web', questions: sessions.length, modelCalls: calls, faultsInjected: faults, outcomes }));
    expect(faults).toBeGreaterThan(0);
    expect(outcomes.answer + outcomes.review).toBe(sessions.length);
  });
});

describe('model timeouts', () => {
  // The Worker's model waits 30 s per attempt; the same adapter and engine with
  // a 300 ms timeout show what a timeout does without minutes per test.
  function impatientEngine() {
    const documents = new D1DocumentStore(env.DB);
    const search = { store: documents, lexical: new D1LexicalIndex(env.DB), semantic: null, embedder: null };
    return new AnswerEngine({
      search: (text, reader, k) => searchKnowledge(search, { text, audience: reader, k }),
      model: new OpenAIChatModel({ apiKey: 'test-openai-key', baseURL: env.FAKE_OPENAI_URL, model: FINE_TUNED_MODEL, timeoutMs: 300, maxRetries: 2, sleep: async () => {} }),
      counter: new ApproximateCounter(),
      tools: null,
      verified: new D1VerifiedAnswerStore(env.DB),
      existingChunks: async (ids) => new Set((await documents.getChunks(ids)).keys()),
      config: DEFAULT_ENGINE_CONFIG,
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    });
  }
  const question = { text: 'where do employees park in the garage?', audience: 'employee' as const, history: [], stage: 'internal' as const };

  it('retries a timed-out call and answers', async () => {
    await scriptChat({ fault: 'timeout', delayMs: 5000 }, modelAnswer('Employees park in the garage on level -1 [P1].'));
    const started = Date.now();
    const draft = await impatientEngine().answer(question);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(draft).toMatchObject({ mode: 'model', answer: 'Employees park in the garage on level -1 [P1].', decision: 'send' });
    expect(await consumed([{ fault: 'timeout' }, {}])).toEqual({ calls: 2, faults: 1 });
  });

  it('hands off to staff, with the passages, when every attempt times out', async () => {
    await scriptChat(...Array.from({ length: 3 }, () => ({ fault: 'timeout', delayMs: 5000 })));
    const draft = await impatientEngine().answer(question);
    expect(draft.decision).toBe('handoff');
    expect(draft.provenance.modelError).toBe('ModelError:timeout');
    expect(draft.answer).toContain('Employees park in the garage on level -1.');
    expect((await consumed([])).calls).toBe(3);
  });
});
