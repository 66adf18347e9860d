import { env } from 'cloudflare:test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminFetch, putDocument, search } from '../integration/admin-client';
import { recordedRequests, resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, slackMessages } from '../integration/fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { openSession, send, setStage, settled } from '../integration/web-client';
import { FORM, modelAnswer, reviewIdOf, threadReplies } from './support';

/**
 * An internal canary document is the best match for every question below; it
 * must never reach a customer, whichever way knowledge flows: retrieval into
 * the prompt, the model's own search tool, drafts and their citations,
 * verified answers approved for employees, or the web chat's sources.
 */
const CANARY = '# Roadmap\n## Project Blueheron\nPROJECT BLUEHERON launches in March. Internal only: the launch budget is 4.2M and the codename must not be shared.';
/** Words only the canary contains (the questions themselves say "blueheron"). */
const CANARY_ONLY = /launches in March|4\.2M|must not be shared/i;
const QUESTION = 'when does project blueheron launch and what is its budget?';

const chatRequests = async () => (await recordedRequests()).filter((request) => request.path === '/v1/chat/completions');
const promptText = (request: { body: Record<string, unknown> }) => JSON.stringify(request.body.messages);

beforeAll(async () => {
  await putDocument({ id: 'scoping/blueheron.md', audience: 'internal', format: 'markdown', content: CANARY });
  await putDocument({ id: 'scoping/launches.md', audience: 'public', format: 'markdown', url: 'https://help.example/launches', content: '# Launches\n## Announcements\nProduct launches and their budget are announced on our blog.' });
  await setStage('autonomous');
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});
afterAll(async () => {
  await adminFetch('/admin/channels/slack/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stage: 'internal', actor: 'tests', reason: 'restore', override: true }) });
});

describe('the canary reaches employees (so the checks below mean something)', () => {
  it('is the top hit and in the prompt for an employee', async () => {
    expect((await search('project blueheron launch budget', 'internal')).hits[0]?.documentId).toBe('scoping/blueheron.md');
    await scriptChat(modelAnswer('Project Blueheron launches in March [P1].'));
    const event = mention(QUESTION);
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    await eventually(async () => (await threadReplies('C1001', event.ts)).length > 0, 15_000);
    expect(promptText((await chatRequests())[0]!)).toMatch(CANARY_ONLY);
  });
});

describe('customers never see the canary', () => {
  it('not in the prompt, the search tool results, the reply, its sources or the stored draft', async () => {
    // The model tries its own search for the codename, then answers from whatever it was given.
    await scriptChat(
      { toolCalls: [{ name: 'search_knowledge', arguments: { query: 'project blueheron launch budget codename internal' } }] },
      modelAnswer('Launches are announced on our blog [P1].'),
    );
    const session = await openSession();
    await send(session, QUESTION);
    const { messages } = await settled(session);

    const requests = await chatRequests();
    expect(requests.length).toBe(2);
    // The second request carries the tool's result: searched as the customer, so public passages only.
    const toolResult = (requests[1]!.body.messages as { role: string; content: string }[]).find((message) => message.role === 'tool');
    expect(toolResult?.content).toContain('announced on our blog');
    for (const request of requests) expect(promptText(request)).not.toMatch(CANARY_ONLY);
    expect(JSON.stringify(messages)).not.toMatch(CANARY_ONLY);
    expect(JSON.stringify(messages)).not.toContain('scoping/blueheron');

    const drafts = await env.DB.prepare("SELECT answer, citations, passages, tool_runs FROM drafts WHERE audience = 'customer' AND question = ?").bind(QUESTION).all();
    expect(drafts.results.length).toBeGreaterThan(0);
    const canaryChunks = (await env.DB.prepare("SELECT id FROM chunks WHERE document_id = 'scoping/blueheron.md'").all<{ id: string }>()).results.map((row) => row.id);
    expect(canaryChunks.length).toBeGreaterThan(0);
    for (const draft of drafts.results) {
      const stored = JSON.stringify(draft);
      expect(stored).not.toMatch(CANARY_ONLY);
      for (const chunk of canaryChunks) expect(stored).not.toContain(chunk);
    }
  });

  it('an answer staff verified for employees is never reused for a customer', async () => {
    // Every employee reply goes through review, so staff can approve (and so verify) one citing the canary.
    await adminFetch('/admin/channels/slack/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stage: 'supervised', actor: 'tests', reason: 'review every reply', override: true }) });
    await scriptChat(modelAnswer('Project Blueheron launches in March; the launch budget is 4.2M [P1].'));
    const event = mention(QUESTION);
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('launch budget is 4.2M')), 15_000);
    // Staff choose reuse ("Approve and reuse"): a plain approval keeps nothing for reuse.
    await slackPost('/slack/interactions', buttonClick('review_approve_reuse', reviewIdOf(card)!, 'U2001'), FORM);
    const verified = await eventually(async () => env.DB.prepare('SELECT audience, channel_kind FROM verified_answers WHERE question = ?').bind(QUESTION).first<{ audience: string; channel_kind: string }>(), 10_000);
    expect(verified).toEqual({ audience: 'employee', channel_kind: 'slack' });

    // The same question from a customer: the verified answer is for employees only.
    await scriptChat(modelAnswer('Launches are announced on our blog [P1].'));
    const session = await openSession();
    await send(session, QUESTION);
    const { messages } = await settled(session);
    expect(JSON.stringify(messages)).not.toMatch(CANARY_ONLY);
    const draft = await env.DB.prepare("SELECT mode, verified_answer_id FROM drafts WHERE audience = 'customer' AND question = ? ORDER BY created_at DESC").bind(QUESTION).first();
    expect(draft).toMatchObject({ verified_answer_id: null });
    expect(draft?.mode).not.toBe('verified');
  });

  it('the admin preview for a customer and the public search show no canary either', async () => {
    await scriptChat(modelAnswer('Launches are announced on our blog [P1].'));
    const response = await adminFetch('/admin/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION, audience: 'customer', stage: 'autonomous' }) });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toMatch(CANARY_ONLY);
    for (const request of await chatRequests()) expect(promptText(request)).not.toMatch(CANARY_ONLY);
    const hits = (await search('project blueheron launch budget codename', 'public')).hits;
    expect(hits.every((hit) => hit.audience === 'public' && !CANARY_ONLY.test(hit.text))).toBe(true);
  });
});
