import { describe, expect, it } from 'vitest';
import { builtinTools } from './builtin';
import type { TicketSink } from './ticket-sink';

const ticketSink: TicketSink = { create: async () => ({ ticketId: 'T-1', created: true }) };
const searchPassages = async () => [];
const send = async () => ({ status: 200, body: 'ok' });
const options = { timeZone: 'Europe/Lisbon', searchPassages, ticketSink };

describe('builtinTools', () => {
  it('registers the read and write built-ins', () => {
    const registry = builtinTools(options);
    expect(registry.definitions({ kind: 'read' }).map((tool) => tool.name)).toEqual(['calculator', 'current_datetime', 'search_knowledge']);
    expect(registry.definitions({ kind: 'write' }).map((tool) => tool.name)).toEqual(['create_ticket']);
  });

  it('adds configured webhook actions as write tools', () => {
    const config = [{ name: 'reset_password', description: 'Sends a reset link.', url: 'https://hooks.example.com/reset', parameters: {} }];
    const registry = builtinTools({ ...options, webhooks: { config, send } });
    expect(registry.get('reset_password')?.kind).toBe('write');
  });

  it('fails at start-up on a webhook that shadows a built-in or a bad time zone', () => {
    const config = [{ name: 'calculator', description: 'Not really.', url: 'https://hooks.example.com/c' }];
    expect(() => builtinTools({ ...options, webhooks: { config, send } })).toThrow('A tool named "calculator" is already registered');
    expect(() => builtinTools({ ...options, timeZone: 'Lisbon' })).toThrow('Unknown time zone "Lisbon"');
  });

  it('answers a calculator call parsed from model output', async () => {
    const registry = builtinTools(options);
    const parsed = registry.parseArguments('calculator', '{"expression":"0.1 + 0.2"}');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(await parsed.tool.run(parsed.args, { idempotencyKey: 'd:0', audience: 'employee' })).toBe('0.3');
  });
});
