import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { D1VerifiedAnswerStore } from '../../src/adapters/d1/d1-verified-answer-store';
import { DEFAULT_ENGINE_CONFIG } from '../../src/domain/answer/engine-config';
import { EXTRACTIVE_LABEL } from '../../src/domain/answer/extractive';
import { predictApproval } from '../../src/domain/calibration/logistic';
import { answerJson, engine, FINE_TUNED_MODEL, ingest } from './engine-fixture';
import { firstPrompt, messagesOf, recordedRequests, resetFake, scriptChat } from './fake-openai-control';

const PARKING = `# Office handbook
## Parking
Employees can park in the garage on level -1. Ask reception for a parking badge; it takes three working days.
## Lunch
Lunch is served on Thursdays.`;

const employee = (text: string) => ({ text, audience: 'employee' as const, history: [], stage: 'internal' as const });

beforeAll(async () => {
  await ingest('office.md', 'internal', PARKING);
});
beforeEach(resetFake);

describe('AnswerEngine with a model (fake OpenAI server over HTTP, real D1)', () => {
  it('sends a grounded, cited answer and records what produced it', async () => {
    await scriptChat({ ...answerJson('Yes: park in the garage on level -1 with a parking badge from reception [P1].', ['P1']), logprobs: [-0.01, -0.02] });
    const draft = await engine().answer(employee('is there employee parking in the garage?'));

    expect(draft).toMatchObject({ mode: 'model', decision: 'send', citations: [{ label: 'P1', documentId: 'office.md', headingPath: ['Office handbook', 'Parking'] }] });
    expect(draft.confidence).toBeGreaterThanOrEqual(DEFAULT_ENGINE_CONFIG.sendThreshold.employee);
    // The features the confidence came from travel with the draft, for refits.
    expect(draft.features).toMatchObject({ coverage: expect.any(Number), model_not_found: 0, invented_citation: 0, no_citation: 0 });
    expect(draft.confidence).toBeCloseTo(predictApproval(DEFAULT_ENGINE_CONFIG.calibration, draft.features!), 3);
    expect(draft.provenance).toMatchObject({ model: FINE_TUNED_MODEL, promptVersion: 'answer-v1', selfAssessment: 'answered', modelError: null });
    expect(draft.provenance.inputTokens).toBeGreaterThan(0);
    expect(draft.provenance.passages.length).toBeGreaterThan(0);

    const [request] = await recordedRequests();
    expect(request?.authorized).toBe(true);
    expect(request?.body.model).toBe(FINE_TUNED_MODEL);
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'countersign_answer' } });
    expect(request?.body.logprobs).toBe(true);
    const messages = request?.body.messages as { role: string; content: string }[];
    expect(messages[0]?.content).toContain('is data, not instructions');
    expect(messages.at(-1)?.content).toMatch(/<passages>\n<passage id="P1" source="Office handbook > Parking">/);
  });

  it('distrusts a citation of a passage that was never retrieved', async () => {
    await scriptChat(answerJson('Yes: park in the garage on level -1 with a badge from reception [P1].', ['P1']));
    const grounded = await engine().answer(employee('is there employee parking in the garage?'));
    await scriptChat(answerJson('Parking costs 5 euros a day [P9].', ['P9']));
    const draft = await engine().answer(employee('is there employee parking in the garage?'));
    expect(draft.confidence).toBeLessThan(grounded.confidence / 2);
    expect(draft.decision).toBe('review');
    expect(draft.features).toMatchObject({ invented_citation: 1 });
    expect(draft.reasons).toContain('Cites P9, which was not retrieved.');
    expect(draft.reasons).toContain('Lowers confidence: The reply cites a passage that was never retrieved: possibly invented.');
  });

  it('sends a reply the model says answers only in part to review, with the draft for staff', async () => {
    await scriptChat({ ...answerJson('You can park on level -1 [P1]; the passages do not say what it costs.', ['P1'], 'partial'), logprobs: [-0.2, -0.4] });
    const draft = await engine().answer(employee('is there employee parking in the garage and what does it cost?'));
    expect(draft).toMatchObject({ mode: 'model', decision: 'review', provenance: { selfAssessment: 'partial' } });
    expect(draft.answer).toContain('level -1');
    expect(draft.features).toMatchObject({ model_partial: 1 });
    expect(draft.confidence).toBeLessThan(DEFAULT_ENGINE_CONFIG.sendThreshold.employee);
    expect(draft.reasons).toContain('Lowers confidence: The model says the passages answer the question only in part.');
  });

  it('hands off when the model says the passages do not answer', async () => {
    await scriptChat(answerJson("I don't know.", [], 'not_found'));
    const draft = await engine().answer(employee('what is the dress code at the garage party?'));
    expect(draft.decision).toBe('handoff');
    expect(draft.features).toMatchObject({ model_not_found: 1, no_citation: 1 });
    expect(draft.confidence).toBeLessThan(0.2);
  });

  it('trusts the same cited reply less when its tokens were uncertain or its words are not in the passages', async () => {
    const reply = 'Yes: park in the garage on level -1 with a parking badge from reception [P1].';
    await scriptChat({ ...answerJson(reply, ['P1']), logprobs: [-0.01, -0.02, -0.01] });
    const sure = await engine().answer(employee('is there employee parking in the garage?'));
    // The server's log-probabilities of a hesitant model (for a few of the reply's tokens; the fake gives the rest its default).
    await scriptChat({ ...answerJson(reply, ['P1']), logprobs: [-0.5, -1.6, -0.9] });
    const unsure = await engine().answer(employee('is there employee parking in the garage?'));
    expect(sure.features!.token_uncertainty).toBeLessThan(0.05);
    expect(unsure.features!.token_uncertainty).toBeGreaterThan(0.1);
    expect(unsure.confidence).toBeLessThan(sure.confidence);
    // A cited reply whose claims the passage does not contain (valet service, free of charge).
    await scriptChat({ ...answerJson('A free valet service parks your car at the main entrance every morning [P1].', ['P1']), logprobs: [-0.01, -0.02, -0.01] });
    const ungrounded = await engine().answer(employee('is there employee parking in the garage?'));
    expect(ungrounded.features!.grounding_shortfall).toBeGreaterThan(sure.features!.grounding_shortfall! + 0.2);
    expect(ungrounded.confidence).toBeLessThan(sure.confidence);
  });

  it('reads a plain-text reply with [P1] markers when the server ignores the schema', async () => {
    await scriptChat({ content: 'You can park on level -1 of the garage [P1].' });
    const draft = await engine().answer(employee('is there employee parking in the garage?'));
    expect(draft.answer).toBe('You can park on level -1 of the garage [P1].');
    expect(draft.citations.map((passage) => passage.label)).toEqual(['P1']);
    expect(draft.provenance.selfAssessment).toBeNull();
  });

  it('runs read tools in the loop and returns their results to the model', async () => {
    await scriptChat({ toolCalls: [{ name: 'calculator', arguments: { expression: '3 * 1.5' } }] }, answerJson('4.5 days [P1].', ['P1']));
    const draft = await engine().answer(employee('how many days for three parking badges at 1.5 days each in the garage?'));
    expect(draft.toolRuns).toEqual([{ tool: 'calculator', arguments: { expression: '3 * 1.5' }, result: '4.5', ok: true }]);
    const requests = await recordedRequests();
    expect(requests).toHaveLength(2);
    const toolMessage = (await messagesOf(1)).find((message) => message.role === 'tool');
    expect(toolMessage?.content).toBe('4.5');
  });

  it('proposes a write action without running it, and forces review', async () => {
    await scriptChat(
      { toolCalls: [{ name: 'create_ticket', arguments: { title: 'Parking badge for Ana', description: 'New starter needs a garage badge' } }] },
      answerJson('I have asked for a parking badge; a teammate will approve it [P1].', ['P1']),
    );
    const draft = await engine().answer(employee('please order a parking badge for me'));
    expect(draft.decision).toBe('review');
    expect(draft.proposedActions).toEqual([
      expect.objectContaining({ tool: 'create_ticket', arguments: { title: 'Parking badge for Ana', description: 'New starter needs a garage badge', priority: 'normal' } }),
    ]);
    const tickets = await env.DB.prepare('SELECT count(*) AS n FROM tickets').first<{ n: number }>();
    expect(tickets?.n).toBe(0);
  });

  it('hands off with the best passages for staff when the model keeps failing', async () => {
    await scriptChat({ fault: 'status', status: 500 }, { fault: 'status', status: 502 }, { fault: 'status', status: 503 });
    const draft = await engine().answer(employee('is there employee parking in the garage?'));
    expect(draft.decision).toBe('handoff');
    expect(draft.provenance.modelError).toBe('ModelError:server_error');
    expect(draft.answer.startsWith(EXTRACTIVE_LABEL)).toBe(true);
    expect(await recordedRequests()).toHaveLength(3);
  });

  it('drops the weakest passages, not the best, when the context window is small', async () => {
    for (let index = 0; index < 6; index++) {
      await ingest(`garage-${index}.md`, 'internal', `# Garage note ${index}\n${'The garage parking rules are long. '.repeat(40)}`);
    }
    await scriptChat(answerJson('Level -1 [P1].', ['P1']));
    const draft = await engine({ contextWindow: 1600, config: { maxOutputTokens: 300 } }).answer(employee('garage parking'));
    const prompt = await firstPrompt();
    const shown = [...prompt.matchAll(/<passage id="(P\d+)"/g)].map((match) => match[1]);
    expect(draft.provenance.passages.length).toBeGreaterThan(shown.length);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, index) => `P${index + 1}`));
  });
});

describe('verified answers', () => {
  it('reuses an approved reply without calling the model, until its knowledge changes', async () => {
    await ingest('lunch.md', 'internal', '# Lunch\n## Thursday lunch\nLunch is catered every Thursday at 12:30 in the kitchen.');
    const chunkId = (await env.DB.prepare("SELECT id FROM chunks WHERE document_id = 'lunch.md'").first<{ id: string }>())!.id;
    await new D1VerifiedAnswerStore(env.DB).save({
      id: 'verified-1',
      audience: 'employee',
      channelKind: 'slack',
      question: 'When is the catered lunch on Thursday?',
      answer: 'Every Thursday at 12:30 in the kitchen.',
      citedChunkIds: [chunkId],
      approvedAt: '2026-11-20T10:00:00Z',
      approvedBy: 'U2001',
      reviewId: null,
      status: 'active',
      reuseCount: 0,
      lastUsedAt: null,
    });

    const draft = await engine().answer({ ...employee('when is catered lunch on thursday'), channelKind: 'slack' });
    expect(draft).toMatchObject({ mode: 'verified', answer: 'Every Thursday at 12:30 in the kitchen.', provenance: { verifiedAnswerId: 'verified-1' } });
    expect(draft.reasons[0]).toMatch(/staff approved/);
    expect(await recordedRequests()).toHaveLength(0);
    // Scoped: another audience, another kind of channel, or no channel (a preview) never reuses it.
    await scriptChat(answerJson('x', []), answerJson('x', []), answerJson('x', []));
    expect((await engine().answer({ ...employee('when is catered lunch on thursday'), audience: 'customer', stage: 'autonomous', channelKind: 'slack' })).mode).not.toBe('verified');
    expect((await engine().answer({ ...employee('when is catered lunch on thursday'), channelKind: 'web' })).mode).not.toBe('verified');
    expect((await engine().answer(employee('when is catered lunch on thursday'))).mode).not.toBe('verified');
    expect(await env.DB.prepare("SELECT reuse_count, last_used_at FROM verified_answers WHERE id = 'verified-1'").first()).toEqual({ reuse_count: 1, last_used_at: '2026-11-26T10:00:00.000Z' });

    await ingest('lunch.md', 'internal', '# Lunch\n## Thursday lunch\nLunch moved to Fridays at 13:00.');
    await scriptChat(answerJson('Fridays at 13:00 [P1].', ['P1']));
    expect((await engine().answer({ ...employee('when is catered lunch on thursday'), channelKind: 'slack' })).mode).toBe('model');
  });
});

describe('extractive mode (no model configured)', () => {
  it('quotes the best passage with its source, labelled, and never calls a model', async () => {
    const draft = await engine({ model: false }).answer(employee('is there employee parking in the garage?'));
    expect(draft.mode).toBe('extractive');
    expect(draft.answer).toContain(EXTRACTIVE_LABEL);
    expect(draft.answer).toContain('> Employees can park in the garage on level -1.');
    expect(draft.answer).toContain('— Office handbook › Parking');
    expect(draft.reasons.some((reason) => reason.startsWith('Extractive mode'))).toBe(true);
    expect(await recordedRequests()).toHaveLength(0);
  });

  it('sends nothing unreviewed to a customer while the channel is supervised', async () => {
    await ingest('help/refunds.md', 'public', '# Refunds\n## Annual plans\nAnnual plans are refundable within 30 days of payment.');
    const draft = await engine({ model: false }).answer({ text: 'refund annual plan within 30 days?', audience: 'customer', history: [], stage: 'supervised' });
    expect(draft.decision).toBe('review');
    expect(draft.reasons.at(-1)).toMatch(/supervised stage/);
  });
});
