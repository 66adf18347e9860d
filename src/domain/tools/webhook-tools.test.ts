import { describe, expect, it } from 'vitest';
import { ActionError } from './action-error';
import { ToolRegistry } from './registry';
import type { ToolContext } from './types';
import { WebhookConfigError } from './webhook-config';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './webhook-sender';
import { webhookToolsFromConfig } from './webhook-tools';

const refund = {
  name: 'refund_order',
  description: 'Refunds an order in full or in part.',
  url: 'https://hooks.example.com/refunds',
  parameters: {
    orderId: { type: 'string', description: 'The order number.' },
    amount: { type: 'number', description: 'Amount in euros.', required: false },
    reason: { type: 'string', description: 'Why.', enum: ['damaged', 'late', 'other'] },
    notifyCustomer: { type: 'boolean', description: 'Email the customer.', required: false },
  },
};

function recordingSender(result: WebhookResponse | Error = { status: 200, body: 'Refund R-9 issued' }) {
  const requests: WebhookRequest[] = [];
  const send: WebhookSender = async (request) => {
    requests.push(request);
    if (result instanceof Error) throw result;
    return result;
  };
  return { send, requests };
}

const context: ToolContext = { idempotencyKey: 'draft-42:0', audience: 'customer' };

function configError(json: unknown, options: { allowHttpLocalhost?: boolean } = {}): string {
  try {
    webhookToolsFromConfig(json, { send: recordingSender().send, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a WebhookConfigError');
}

describe('webhookToolsFromConfig', () => {
  it('creates write tools whose JSON Schema mirrors the configuration', () => {
    const [tool] = webhookToolsFromConfig(JSON.stringify([refund]), { send: recordingSender().send });
    expect(tool!.kind).toBe('write');
    expect(new ToolRegistry().register(tool!).definitions()).toEqual([
      {
        name: 'refund_order',
        description: 'Refunds an order in full or in part.',
        parameters: {
          type: 'object',
          properties: {
            orderId: { type: 'string', maxLength: 2000, description: 'The order number.' },
            amount: { type: 'number', description: 'Amount in euros.' },
            reason: { type: 'string', enum: ['damaged', 'late', 'other'], description: 'Why.' },
            notifyCustomer: { type: 'boolean', description: 'Email the customer.' },
          },
          required: ['orderId', 'reason'],
          additionalProperties: false,
        },
      },
    ]);
  });

  it('sends the action with its arguments and idempotency key, and reports the receiver text', async () => {
    const { send, requests } = recordingSender();
    const [tool] = webhookToolsFromConfig([refund], { send });
    const args = { orderId: '1042', reason: 'late' };
    expect(await tool!.run(args, context)).toBe('Refund R-9 issued');
    expect(requests).toEqual([{ url: 'https://hooks.example.com/refunds', action: 'refund_order', arguments: args, idempotencyKey: 'draft-42:0' }]);
  });

  it('reports an empty success body plainly and truncates a long one', async () => {
    const [quiet] = webhookToolsFromConfig([refund], recordingSender({ status: 204, body: '' }));
    expect(await quiet!.run({ orderId: '1', reason: 'late' }, context)).toBe('refund_order done (HTTP 204).');
    const [chatty] = webhookToolsFromConfig([refund], recordingSender({ status: 200, body: 'y'.repeat(900) }));
    expect(await chatty!.run({ orderId: '1', reason: 'late' }, context)).toBe('y'.repeat(500));
  });

  it('lets the sender failure through for the runner to retry or not', async () => {
    const [tool] = webhookToolsFromConfig([refund], recordingSender(new ActionError('Webhook refund_order failed with HTTP 503', 'server_error', true, 503)));
    await expect(tool!.run({ orderId: '1', reason: 'late' }, context)).rejects.toMatchObject({ name: 'ActionError', retryable: true });
  });

  it('accepts an empty list and a missing parameters object', () => {
    expect(webhookToolsFromConfig([], { send: recordingSender().send })).toEqual([]);
    const [tool] = webhookToolsFromConfig([{ name: 'ping', description: 'Pings.', url: 'https://x.example/p' }], { send: recordingSender().send });
    expect(tool!.schema.safeParse({}).success).toBe(true);
  });

  it('allows http://localhost only when asked to', () => {
    const local = [{ ...refund, url: 'http://localhost:8788/refunds' }];
    expect(configError(local)).toBe('Invalid webhook action at index 0 ("refund_order"), field "url": only https URLs are allowed');
    expect(webhookToolsFromConfig(local, { send: recordingSender().send, allowHttpLocalhost: true })).toHaveLength(1);
    expect(configError([{ ...refund, url: 'http://hooks.example.com/x' }], { allowHttpLocalhost: true })).toContain('only https URLs are allowed');
  });

  it.each([
    ['not JSON', '[{', 'Webhook actions are not valid JSON: expected an array of action objects'],
    ['not an array', { name: 'x' }, 'Webhook actions must be a JSON array of action objects'],
    ['a bad name', [{ ...refund, name: 'Refund-Order' }], 'Invalid webhook action at index 0 ("Refund-Order"), field "name": must match ^[a-z][a-z0-9_]{0,63}$'],
    ['a missing description', [{ ...refund, description: undefined }], 'Invalid webhook action at index 0 ("refund_order"), field "description": Required'],
    ['a bad URL', [{ ...refund, url: 'hooks.example.com' }], 'Invalid webhook action at index 0 ("refund_order"), field "url": not a valid URL'],
    [
      'credentials in the URL',
      [{ ...refund, url: 'https://user:pass@hooks.example.com/' }],
      'Invalid webhook action at index 0 ("refund_order"), field "url": credentials in the URL are not allowed; the request is signed instead',
    ],
    [
      'a bad parameter type',
      [refund, { ...refund, name: 'cancel_order', parameters: { orderId: { type: 'int', description: 'Order.' } } }],
      "Invalid webhook action at index 1 (\"cancel_order\"), field \"parameters.orderId.type\": Invalid enum value. Expected 'string' | 'number' | 'boolean', received 'int'",
    ],
    [
      'a misspelt key',
      [{ ...refund, parameters: { orderId: { type: 'string', description: 'Order.', requried: true } } }],
      "Invalid webhook action at index 0 (\"refund_order\"), field \"parameters.orderId\": Unrecognized key(s) in object: 'requried'",
    ],
    [
      'an enum on a number',
      [{ ...refund, parameters: { amount: { type: 'number', description: 'Amount.', enum: ['1'] } } }],
      'Invalid webhook action at index 0 ("refund_order"), field "parameters.amount.enum": enum is only allowed for string parameters',
    ],
    [
      'a bad parameter name',
      [{ ...refund, parameters: { 'order id': { type: 'string', description: 'Order.' } } }],
      'Invalid webhook action at index 0 ("refund_order"), field "parameters.order id": parameter names must be letters, digits and _',
    ],
    ['a duplicate name', [refund, refund], 'Invalid webhook action at index 1 ("refund_order"), field "name": duplicate action name'],
    ['a non-object entry', [42], 'Invalid webhook action at index 0: Expected object, received number'],
  ])('names the entry and field for %s', (_case, json, message) => {
    expect(configError(json)).toBe(message);
  });

  it('does not echo the URL, which may carry a token', () => {
    expect(configError([{ ...refund, url: 'http://hooks.example.com/?token=s3cr3t' }])).not.toContain('s3cr3t');
  });
});
