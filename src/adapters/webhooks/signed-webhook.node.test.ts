import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../domain/tools/action-error';
import { ToolRegistry } from '../../domain/tools/registry';
import { webhookToolsFromConfig } from '../../domain/tools/webhook-tools';
import { createSignedWebhookSender } from './signed-webhook';

const SECRET = 'whsec_test_0123456789abcdef';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

/**
 * A real receiver, written the way a customer's would be: it verifies the
 * signature with node:crypto (independently of our Web Crypto code), checks
 * the timestamp window and that the Idempotency-Key matches the body, then
 * answers with whatever the current test asks for.
 */
let server: Server;
let baseUrl: string;
let received: Received[] = [];
let reply: (response: ServerResponse) => void = (response) => response.end('ok');

function verify(headers: IncomingMessage['headers'], body: string): boolean {
  const timestamp = String(headers['x-countersign-timestamp'] ?? '');
  const signature = String(headers['x-countersign-signature'] ?? '');
  const expected = `v1=${createHmac('sha256', SECRET).update(`v1:${timestamp}:${body}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verify(request.headers, body);
      received.push({ headers: request.headers, body, signatureValid });
      if (!signatureValid || request.headers['idempotency-key'] !== JSON.parse(body).idempotencyKey) {
        response.writeHead(401).end('bad signature');
        return;
      }
      reply(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  reply = (response) => response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Refund R-9 issued');
});

const request = { action: 'refund_order', arguments: { orderId: '1042', amount: 25.5 }, idempotencyKey: 'draft-42:0' };
const sender = (options: { secret?: string; timeoutMs?: number } = {}) =>
  createSignedWebhookSender({ secret: options.secret ?? SECRET, fetch, timeoutMs: options.timeoutMs });

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

describe('signed webhook sender', () => {
  it('POSTs the signed JSON body with the idempotency key, and returns the receiver text on 2xx', async () => {
    const response = await sender()({ url: `${baseUrl}/hooks`, ...request });

    expect(response).toEqual({ status: 200, body: 'Refund R-9 issued' });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.signatureValid).toBe(true);
    expect(JSON.parse(delivery!.body)).toEqual(request);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['idempotency-key']).toBe('draft-42:0');
    expect(delivery!.headers['x-countersign-timestamp']).toMatch(/^\d{10}$/);
    expect(delivery!.headers['x-countersign-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('keeps only the first 500 characters of a long success body', async () => {
    reply = (response) => response.writeHead(201).end('x'.repeat(2000));
    const response = await sender()({ url: baseUrl, ...request });
    expect(response).toEqual({ status: 201, body: 'x'.repeat(500) });
  });

  it('is refused by the receiver when signed with another secret', async () => {
    const error = await failure(sender({ secret: 'another-secret-0123456789' })({ url: baseUrl, ...request }));
    expect(received[0]!.signatureValid).toBe(false);
    expect(error).toMatchObject({ statusCode: 401, retryable: false, code: 'rejected' });
  });

  it('treats a 4xx as a final rejection', async () => {
    reply = (response) => response.writeHead(400).end('unknown order 1042');
    const error = await failure(sender()({ url: baseUrl, ...request }));
    expect(error).toMatchObject({ retryable: false, statusCode: 400, code: 'rejected' });
    expect(error.message).toBe('Webhook refund_order was rejected with HTTP 400: unknown order 1042');
  });

  it('treats a 5xx as retryable', async () => {
    reply = (response) => response.writeHead(503).end();
    const error = await failure(sender()({ url: baseUrl, ...request }));
    expect(error).toMatchObject({ retryable: true, statusCode: 503, code: 'server_error' });
    expect(error.message).toBe('Webhook refund_order failed with HTTP 503');
  });

  it('gives up after the timeout, retryably', async () => {
    // The receiver would answer (successfully) only after the timeout: a 'timeout' error proves the sender gave up first.
    reply = (response) => setTimeout(() => response.end('too late'), 1500);
    const error = await failure(sender({ timeoutMs: 50 })({ url: baseUrl, ...request }));
    expect(error).toMatchObject({ retryable: true, code: 'timeout' });
    expect(error.message).toBe('Webhook refund_order timed out after 50 ms');
  });

  it('treats a refused connection as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(sender()({ url: `http://127.0.0.1:${port}`, ...request }));
    expect(error).toMatchObject({ retryable: true, code: 'connection' });
  });

  it('never puts the secret in an error, even when the receiver echoes it', async () => {
    reply = (response) => response.writeHead(422).end(`secret ${SECRET} is wrong`);
    const error = await failure(sender()({ url: baseUrl, ...request }));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toContain('[redacted]');
  });

  it('refuses a short secret at construction', () => {
    expect(() => createSignedWebhookSender({ secret: 'short', fetch })).toThrow('at least 16 characters');
  });
});

describe('webhook tools end to end', () => {
  it('validates the model arguments, signs and posts them, and reports the receiver text', async () => {
    const config = [
      {
        name: 'refund_order',
        description: 'Refunds an order.',
        url: `${baseUrl}/refunds`,
        parameters: {
          orderId: { type: 'string', description: 'The order number.' },
          amount: { type: 'number', description: 'Amount in euros.' },
        },
      },
    ];
    const send = createSignedWebhookSender({ secret: SECRET, fetch });
    const registry = new ToolRegistry();
    for (const tool of webhookToolsFromConfig(config, { send, allowHttpLocalhost: true })) registry.register(tool);

    const parsed = registry.parseArguments('refund_order', '{"orderId":"1042","amount":25.5}');
    if (!parsed.ok) throw new Error(parsed.error);
    const context = { idempotencyKey: 'draft-42:0', audience: 'customer' as const };
    expect(await parsed.tool.run(parsed.args, context)).toBe('Refund R-9 issued');
    expect(await parsed.tool.run(parsed.args, context)).toBe('Refund R-9 issued');

    expect(received.map((delivery) => delivery.headers['idempotency-key'])).toEqual(['draft-42:0', 'draft-42:0']);
    expect(received.every((delivery) => delivery.signatureValid)).toBe(true);
    expect(JSON.parse(received[0]!.body)).toEqual({ action: 'refund_order', arguments: { orderId: '1042', amount: 25.5 }, idempotencyKey: 'draft-42:0' });
  });
});
