import { describe, expect, it } from 'vitest';
import { EMPTY_WORKER, withoutSlackEnqueue } from './bundle-variants';

// The shape esbuild gives the two queue sends in the bundle.
const BUNDLE = `
slackRoutes.post("/events", async (c2) => {
  try {
    await c2.env.WORK_QUEUE.send({ type: "slack-event", key, payload: text });
  } catch (error) {
    throw new ApiError(503, "unavailable", "Could not queue the event; Slack will retry.");
  }
  return c2.body(null, 200);
});
async function post(meta) {
  await this.env.WORK_QUEUE.send({ type: "web-message", conversationId: meta.conversationId, messageId });
}
`;

describe('withoutSlackEnqueue', () => {
  it('takes out the Slack event send only, keeping the rest of the route and the other sends', () => {
    const variant = withoutSlackEnqueue(BUNDLE);
    expect(variant).toContain('void ({ type: "slack-event", key, payload: text });');
    expect(variant).not.toContain('WORK_QUEUE.send({ type: "slack-event"');
    expect(variant).toContain('await this.env.WORK_QUEUE.send({ type: "web-message"');
    expect(variant).toContain('return c2.body(null, 200);');
  });

  it('refuses a bundle with no such send, or more than one', () => {
    expect(() => withoutSlackEnqueue('export default {}')).toThrow(/found 0/);
    const twice = `${BUNDLE}\nawait c3.env.WORK_QUEUE.send({ type: "slack-event", key, payload });`;
    expect(() => withoutSlackEnqueue(twice)).toThrow(/found 2/);
  });
});

describe('EMPTY_WORKER', () => {
  it('is a module Worker that answers an empty 200', async () => {
    const url = `data:text/javascript,${encodeURIComponent(EMPTY_WORKER)}`;
    const worker = (await import(/* @vite-ignore */ url)) as { default: { fetch(): Response } };
    const response = worker.default.fetch();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
