import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEvent, questionOf, questionText } from './slack-event';
import { verifySlackSignature } from './verify-signature';

// Payloads in the shape of Slack's documented examples (test/fixtures/slack/README.md).
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/slack/${name}`, import.meta.url), 'utf8'));

describe("Slack's documented payloads", () => {
  it.each([
    ['app-mention.json', false, 'question'],
    ['message-im.json', false, 'question'],
    ['message-thread-reply.json', true, 'question'],
    ['message-thread-reply.json', false, 'ignore'],
    ['bot-message.json', true, 'ignore'],
    ['message-changed.json', true, 'ignore'],
    ['message-deleted.json', true, 'ignore'],
    ['message-file-share.json', false, 'question'],
    ['message-thread-broadcast.json', true, 'question'],
    ['message-thread-broadcast.json', false, 'ignore'],
    ['message-slackbot-notice.json', false, 'ignore'],
    ['app-mention-slack-connect.json', false, 'question'],
  ])('%s (thread answered: %s) is a %s', (name, answered, kind) => {
    expect(classifyEvent(fixture(name).event, 'UBOT', answered).kind).toBe(kind);
  });

  it('reads the question out of a mention', () => {
    expect(questionText(fixture('app-mention.json').event.text, 'UBOT')).toBe('how do I reset my VPN password?');
  });

  it('names the shared file in the question and keeps the Slack Connect asker\'s own team', () => {
    const share = classifyEvent(fixture('message-file-share.json').event, 'UBOT', false);
    expect(share.kind === 'question' && questionOf(share.event, 'UBOT')).toBe('Is this the right form for the employee parking garage? (shared a file: parking-permit.pdf)');
    const connect = classifyEvent(fixture('app-mention-slack-connect.json').event, 'UBOT', false);
    expect(connect).toMatchObject({ kind: 'question', event: { user: 'U4001', userTeam: 'T0002' } });
  });

  it('verifies the documented signing example byte for byte', async () => {
    const example = fixture('signature-example.json');
    const result = await verifySlackSignature({
      signingSecret: example.signingSecret,
      timestamp: String(example.timestamp),
      signature: example.signature ?? example.expectedSignature,
      body: new TextEncoder().encode(example.body),
      nowSeconds: Number(example.timestamp),
    });
    expect(result).toBe('ok');
  });
});
