import type { Prng } from './support';

/**
 * Mutated Slack requests for the fuzz run: valid bases in Slack's documented
 * shapes, then either a signature that must fail (missing, corrupted, wrong
 * secret, stale or altered timestamp, a body changed after signing) or a
 * valid signature over a body that is broken on purpose.
 */

export type SlackPath = '/slack/events' | '/slack/interactions' | '/slack/commands';

export interface FuzzRequest {
  path: SlackPath;
  body: Uint8Array;
  headers: Record<string, string>;
  /** True when the signature is valid for the body and timestamp sent. */
  signed: boolean;
  /** What was done, for the failure message. */
  mutation: string;
}

const encoder = new TextEncoder();
export const SIGNING_SECRET = 'test-signing-secret';

/** Slack's v0 signature over raw bytes (the shared helper signs strings; fuzzed bodies need not be UTF-8). */
export async function signBytes(secret: string, timestamp: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = encoder.encode(`v0:${timestamp}:`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const digest = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  return `v0=${[...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A base request: a path, a body builder (given a tag that marks who sent it) and its content type. */
interface Base {
  path: SlackPath;
  contentType: string;
  body(tag: string, index: number): string;
}

const interaction = (payload: Record<string, unknown>) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const user = { id: 'U2001', username: 'u2001', team_id: 'T0001' };

/** Bases whose forgeries would do harm if accepted: approve a real review, open a modal, read the status. */
export function bases(reviewId: string): Base[] {
  const envelope = (tag: string, index: number, event: Record<string, unknown>) =>
    JSON.stringify({ token: 'x', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback', event_id: `EvFz${tag}${index}`, event_time: 1700000000, event });
  const ts = (index: number) => `${1700500000 + index}.000100`;
  return [
    { path: '/slack/events', contentType: 'application/json', body: (tag, i) => envelope(tag, i, { type: 'app_mention', user: 'U1001', text: `<@UBOT> fuzz ${tag} where do employees park?`, ts: ts(i), channel: 'C1001', event_ts: ts(i) }) },
    { path: '/slack/events', contentType: 'application/json', body: (tag, i) => envelope(tag, i, { type: 'message', channel_type: 'im', user: 'U1001', text: `fuzz ${tag} dm`, ts: ts(i), channel: 'D1001' }) },
    { path: '/slack/events', contentType: 'application/json', body: (tag, i) => envelope(tag, i, { type: 'reaction_added', user: 'U1001', reaction: 'eyes', item: { type: 'message', channel: 'C1001', ts: ts(i) } }) },
    { path: '/slack/events', contentType: 'application/json', body: (tag) => JSON.stringify({ token: 'x', challenge: `fz${tag}challenge`, type: 'url_verification' }) },
    {
      path: '/slack/interactions',
      contentType: FORM_TYPE,
      body: (tag, i) =>
        interaction({
          type: 'block_actions',
          team: { id: 'T0001', domain: 'acme' },
          user,
          api_app_id: 'A0001',
          trigger_id: `fz${tag}.${i}`,
          container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C9001' },
          channel: { id: 'C9001', name: 'staff' },
          actions: [{ type: 'button', action_id: 'review_approve', block_id: 'review_buttons', value: tag === 'U' ? reviewId : 'rv-fuzz-decoy', action_ts: '1700000000.1' }],
        }),
    },
    {
      path: '/slack/interactions',
      contentType: FORM_TYPE,
      body: (tag, i) =>
        interaction({
          type: 'block_actions',
          team: { id: 'T0001', domain: 'acme' },
          user,
          api_app_id: 'A0001',
          trigger_id: `fz${tag}.${i}`,
          channel: { id: 'C9001', name: 'staff' },
          actions: [{ type: 'button', action_id: 'review_edit', block_id: 'review_buttons', value: tag === 'U' ? reviewId : 'rv-fuzz-decoy', action_ts: '1700000000.1' }],
        }),
    },
    {
      path: '/slack/interactions',
      contentType: FORM_TYPE,
      body: (tag, i) =>
        interaction({
          type: 'view_submission',
          team: { id: 'T0001', domain: 'acme' },
          user,
          api_app_id: 'A0001',
          trigger_id: `fz${tag}.${i}`,
          view: { id: 'V1', type: 'modal', callback_id: 'review_edit_modal', private_metadata: tag === 'U' ? reviewId : 'rv-fuzz-decoy', state: { values: { answer: { text: { type: 'plain_text_input', value: `fuzz ${tag} edited reply` } } } } },
        }),
    },
    {
      path: '/slack/commands',
      contentType: FORM_TYPE,
      body: (tag, i) =>
        new URLSearchParams({ token: 'x', team_id: 'T0001', channel_id: 'C9001', user_id: 'U2001', command: '/countersign', text: 'status', trigger_id: `fz${tag}.${i}`, response_url: 'https://hooks.slack.com/commands/1' }).toString(),
    },
  ];
}

const bytes = (text: string) => encoder.encode(text);

/** Byte-level damage: flips, insertions, deletions, truncation, invalid UTF-8, control characters. */
function damage(random: Prng, input: Uint8Array): { body: Uint8Array; what: string } {
  const body = Array.from(input);
  const kind = random.int(7);
  const at = () => random.int(Math.max(1, body.length));
  switch (kind) {
    case 0:
      for (let n = 1 + random.int(4); n > 0; n--) {
        const index = at();
        body[index] = (body[index] ?? 0) ^ (1 << random.int(8));
      }
      return { body: Uint8Array.from(body), what: 'bit flips' };
    case 1:
      body.splice(at(), 0, ...Array.from({ length: 1 + random.int(8) }, () => random.int(256)));
      return { body: Uint8Array.from(body), what: 'random bytes inserted' };
    case 2:
      body.splice(at(), 1 + random.int(16));
      return { body: Uint8Array.from(body), what: 'bytes deleted' };
    case 3:
      return { body: Uint8Array.from(body.slice(0, at())), what: 'truncated' };
    case 4:
      body.splice(at(), 0, random.pick([0xff, 0xfe, 0xc0, 0xed]), random.pick([0x80, 0xa0, 0xbf]));
      return { body: Uint8Array.from(body), what: 'invalid UTF-8' };
    case 5:
      body.splice(at(), 0, random.pick([0x00, 0x07, 0x1b, 0x7f, 0x0d]));
      return { body: Uint8Array.from(body), what: 'control character' };
    default:
      return { body: Uint8Array.from([...body, ...body.slice(0, 1 + random.int(body.length))]), what: 'appended copy' };
  }
}

/** Structurally broken but well-formed-looking bodies, for the validly signed share. */
function malformed(random: Prng, base: Base, tag: string, index: number): { body: Uint8Array; what: string; contentType?: string } {
  const original = base.body(tag, index);
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const json = base.path === '/slack/events';
  const wrap = (value: string) => (json ? value : base.path === '/slack/interactions' ? `payload=${encodeURIComponent(value)}` : value);
  const choices: (() => { body: Uint8Array; what: string; contentType?: string })[] = [
    () => {
      const damaged = damage(random, bytes(original));
      return { body: damaged.body, what: `signed: ${damaged.what}` };
    },
    () => ({ body: bytes(''), what: 'signed: empty body' }),
    () => ({ body: bytes(wrap(deep(20_000))), what: 'signed: deep JSON (20,000 levels)' }),
    () => ({ body: bytes(wrap(`{"a":${deep(3000)}, "type": "event_callback", "event_id": "EvFzS${index}", "event": ${'{"x":'.repeat(2000)}1${'}'.repeat(2000)}}`)), what: 'signed: deep objects' }),
    () => ({ body: bytes(wrap(JSON.stringify(random.pick([null, 42, 'text', [], [1, 2], true])))), what: 'signed: not an object' }),
    () => ({ body: bytes(wrap(JSON.stringify({ type: 'event_callback', event_id: random.pick([123, null, '', 'has space', 'x'.repeat(65), ['EvA']]), event: { type: 'app_mention' } }))), what: 'signed: bad event_id' }),
    () => ({
      body: bytes(wrap(JSON.stringify({ type: 'event_callback', event_id: `EvFzS${index}`, event: random.pick(['string', 7, [], { type: 'app_mention', user: 5, channel: {}, ts: [], text: null }, { type: 'message', channel_type: 'im', text: 9 }]) }))),
      what: 'signed: event of the wrong types',
    }),
    () => ({ body: bytes(wrap(JSON.stringify({ type: 'url_verification', challenge: random.pick([null, 5, {}, ['x']]) }))), what: 'signed: bad challenge' }),
    () => ({
      body: bytes(
        wrap(
          JSON.stringify(
            random.pick([
              { type: 'block_actions', user, actions: 'not-an-array' },
              { type: 'block_actions', user, actions: [{ action_id: 'review_approve' }] },
              { type: 'block_actions', actions: [{ action_id: 'review_approve', value: 'rv-fuzz-decoy' }] },
              { type: 'block_actions', user: 'U2001', actions: [{ action_id: 'review_approve', value: 'rv-fuzz-decoy', type: 'button' }] },
              { type: 'view_submission', user, view: { callback_id: 'review_edit_modal' } },
              { type: 'view_submission', user, view: { callback_id: 'review_reject_modal', private_metadata: 7, state: { values: null } } },
              { type: 'view_submission', user, view: 'x' },
              { type: 'shortcut', user, callback_id: 'nope', trigger_id: 't' },
              { type: 'unknown_type', user },
              { type: 'block_suggestion', user, action_id: 'x', value: 'y' },
              { type: 'block_actions', user: null, actions: null },
              { type: 'block_actions', user, channel: null, actions: [{ action_id: 'review_approve', value: 'rv-fuzz-decoy' }] },
              { type: 'block_actions', user, actions: [null] },
              { type: 'block_actions', user, actions: [{ action_id: 'review_approve', value: { id: 'rv-fuzz-decoy' } }] },
              { type: 'block_actions', user, actions: [{ action_id: 'feedback_helpful', value: 'x'.repeat(5000) }], channel: { id: 'C1001' } },
              { type: 'view_submission', user, view: null },
              { type: 'view_submission', user: { id: 7 }, view: { callback_id: 'review_reject_modal', private_metadata: 'rv-fuzz-decoy', state: { values: { reason: { text: { value: 42 } } } } } },
              { type: 'message_action', user, callback_id: 'x', trigger_id: 't', message: null },
              { type: 'view_closed', user, view: { callback_id: 'review_edit_modal' } },
              { type: 7, user },
            ]),
          ),
        ),
      ),
      what: 'signed: interaction of the wrong shape',
    }),
    () => ({ body: bytes(json ? `${original.slice(0, -1)},"junk":"${'\u0000\u001b<script>'.repeat(50)}"}` : `${original}&junk=${encodeURIComponent('\u0000<script>alert(1)</script>')}`), what: 'signed: hostile extra field' }),
    () => ({ body: bytes(json ? JSON.stringify({ type: 'event_callback', event_id: `EvFzS${index}`, event: { type: 'app_mention', user: 'U1001', channel: 'C1001', ts: '1700000001.000001', text: 'x'.repeat(130_000) } }) : `${original}&text=${'x'.repeat(130_000)}`), what: 'signed: oversized event' }),
    () => ({
      body: bytes(
        base.path === '/slack/commands'
          ? random.pick([
              original.replace('command=%2Fcountersign', random.pick(['command=', 'command=%2Fother', 'nocommand=1'])),
              `${original}&event=x`,
              `${original}&name=x`,
              `${original}&actions=x`,
              original.replace('text=status', `text=${encodeURIComponent('status <script>\u0000')}`),
              original.replace('user_id=U2001', 'user_id='),
            ])
          : original,
      ),
      what: 'signed: command variants',
    }),
    () => ({ body: bytes(original), contentType: random.pick(['text/plain', '', 'application/json', FORM_TYPE, 'multipart/form-data; boundary=x']), what: 'signed: wrong content type' }),
    () => ({ body: bytes(base.path === '/slack/interactions' ? random.pick(['payload=', 'payload=%7B', 'nopayload=1', 'payload=%E0%A4%A', `payload=${encodeURIComponent('{"type":"block_actions"')}`]) : original), what: 'signed: broken payload field' }),
  ];
  return random.pick(choices)();
}

/** One fuzzed request: about 85% carry a signature that must fail, 15% a valid one over a broken body. */
export async function fuzzRequest(random: Prng, all: Base[], index: number, nowSeconds: number): Promise<FuzzRequest> {
  const base = all[index % all.length]!;
  const timestamp = String(nowSeconds);
  if (random.chance(0.15)) {
    const broken = malformed(random, base, 'S', index);
    const signature = await signBytes(SIGNING_SECRET, timestamp, broken.body);
    const headers: Record<string, string> = { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
    const contentType = broken.contentType ?? base.contentType;
    if (contentType) headers['content-type'] = contentType;
    if (random.chance(0.2)) Object.assign(headers, { 'x-slack-retry-num': random.pick(['1', '2', 'abc', '-1', '99999999999']), 'x-slack-retry-reason': random.pick(['http_timeout', '<script>', '']) });
    return { path: base.path, body: broken.body, headers, signed: true, mutation: broken.what };
  }

  let body = bytes(base.body('U', index));
  let headers: Record<string, string> = { 'content-type': base.contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': await signBytes(SIGNING_SECRET, timestamp, body) };
  const kind = random.int(11);
  let mutation: string;
  switch (kind) {
    case 0: {
      const drop = random.pick(['x-slack-signature', 'x-slack-request-timestamp', 'both']);
      if (drop === 'both') {
        delete headers['x-slack-signature'];
        delete headers['x-slack-request-timestamp'];
      } else delete headers[drop];
      mutation = `dropped ${drop}`;
      break;
    }
    case 1: {
      const signature = headers['x-slack-signature']!.split('');
      const at = 3 + random.int(64);
      signature[at] = signature[at] === 'a' ? 'b' : 'a';
      headers['x-slack-signature'] = signature.join('');
      mutation = 'one signature digit changed';
      break;
    }
    case 2:
      headers['x-slack-signature'] = await signBytes(random.pick(['not-the-secret', 'test-signing-secreT', 'test-signing-secret ']), timestamp, body);
      mutation = 'signed with another secret';
      break;
    case 3: {
      const shift = random.pick([-1, 1]) * (301 + random.int(10_000_000));
      const stale = String(nowSeconds + shift);
      headers['x-slack-request-timestamp'] = stale;
      headers['x-slack-signature'] = await signBytes(SIGNING_SECRET, stale, body);
      mutation = `validly signed but ${shift} s off`;
      break;
    }
    case 4:
      headers['x-slack-request-timestamp'] = String(nowSeconds + random.pick([1, -1, 60]));
      mutation = 'timestamp changed after signing';
      break;
    case 5: {
      const junk = random.pick(['', 'abc', '-5', '1e9', ` ${timestamp}`, `${timestamp}.5`, '9'.repeat(13), '0x10', timestamp.padStart(13, '0')]);
      headers['x-slack-request-timestamp'] = junk;
      headers['x-slack-signature'] = await signBytes(SIGNING_SECRET, junk, body);
      mutation = `malformed timestamp ${JSON.stringify(junk)}`;
      break;
    }
    case 6: {
      const valid = headers['x-slack-signature']!;
      headers['x-slack-signature'] = random.pick([
        valid.toUpperCase(),
        valid.replace('v0=', 'v1='),
        valid.slice(0, -2),
        `${valid}00`,
        valid.slice(3),
        'v0=',
        '',
        `v0=${'0'.repeat(64)}`,
        `v0=${valid.slice(3).replace(/[0-9a-f]{2}$/, 'zz')}`,
        `${valid},${valid}`,
        `v0=${'a'.repeat(5000)}`,
      ]);
      mutation = 'malformed signature';
      break;
    }
    case 7:
    case 8:
    case 9: {
      const damaged = damage(random, body);
      body = damaged.body;
      mutation = `body changed after signing: ${damaged.what}`;
      break;
    }
    default: {
      // A replay of a body signed for another request.
      const other = bytes(all[(index + 1) % all.length]!.body('U', index + 1));
      headers = { ...headers, 'x-slack-signature': await signBytes(SIGNING_SECRET, timestamp, other) };
      mutation = 'signature of another body';
    }
  }
  if (random.chance(0.1)) headers['content-type'] = random.pick(['text/plain', 'application/json', FORM_TYPE]);
  return { path: base.path, body, headers, signed: false, mutation };
}
