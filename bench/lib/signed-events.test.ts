import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../src/adapters/slack/verify-signature';
import { appMentionEnvelope, signBody, signedAppMentions } from './signed-events';

// Slack's documented example ("Verifying requests from Slack").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('signBody', () => {
  it("gives Slack's documented signature, and the same as the Worker's own signer", async () => {
    expect(signBody(SECRET, TIMESTAMP, BODY)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    const unicode = '{"text":"café ☕ 👍"}';
    expect(signBody(SECRET, TIMESTAMP, unicode)).toBe(await signSlackRequest(SECRET, TIMESTAMP, unicode));
  });
});

describe('signedAppMentions', () => {
  const nowMs = 1_700_000_000_123;

  it('builds distinct app_mention envelopes that pass the Worker’s signature check', async () => {
    const requests = signedAppMentions(3, { signingSecret: 'bench-secret', nowMs });
    expect(requests).toHaveLength(3);
    const bodies = requests.map((request) => JSON.parse(request.body));
    expect(new Set(bodies.map((body) => body.event_id)).size).toBe(3);
    expect(new Set(bodies.map((body) => body.event.ts)).size).toBe(3);
    for (const [index, request] of requests.entries()) {
      expect(bodies[index]).toMatchObject({ type: 'event_callback', event: { type: 'app_mention', channel: 'C1001' }, event_time: 1_700_000_000 });
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-slack-request-timestamp': '1700000000' });
      expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
      const check = await verifySlackSignature({
        signingSecret: 'bench-secret',
        timestamp: request.headers['x-slack-request-timestamp'],
        signature: request.headers['x-slack-signature'],
        body: new TextEncoder().encode(request.body),
        nowSeconds: 1_700_000_010,
      });
      expect(check).toBe('ok');
    }
  });

  it('shares one message ts with sameMessage, but never an event_id', () => {
    const bodies = signedAppMentions(2, { signingSecret: 's', nowMs, sameMessage: true }).map((request) => JSON.parse(request.body));
    expect(bodies[0].event.ts).toBe(bodies[1].event.ts);
    expect(bodies[0].event_id).not.toBe(bodies[1].event_id);
  });

  it('keeps event ids valid for the Worker (letters and digits, at most 64)', () => {
    const id = JSON.parse(appMentionEnvelope(nowMs)).event_id as string;
    expect(id).toMatch(/^[A-Za-z0-9]{1,64}$/);
  });
});
