import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ToolRegistry } from './registry';
import type { Tool } from './types';

function tool(name: string, schema: z.ZodTypeAny = z.object({}), kind: Tool['kind'] = 'read'): Tool {
  return { name, description: `The ${name} tool.`, kind, schema, run: async () => 'done' };
}

const lookupSchema = z.object({
  query: z.string().min(1).max(300).describe('What to look up.'),
  mode: z.enum(['exact', 'fuzzy']).describe('How to match.'),
  code: z.string().length(4).regex(/^[A-Z]+$/),
  limit: z.number().int().min(1).max(20).optional().describe('How many results.'),
  ratio: z.number().gt(0).lt(1).optional(),
  verbose: z.boolean().default(false),
  tags: z.array(z.string().max(30)).min(1).max(5).optional(),
  filter: z.object({ since: z.string().describe('ISO date.') }).optional().describe('Optional filter.'),
});

describe('ToolRegistry registration', () => {
  it('accepts valid, unique names and finds tools by name', () => {
    const registry = new ToolRegistry().register(tool('calculator')).register(tool('a')).register(tool(`x${'1'.repeat(63)}`));
    expect(registry.get('calculator')?.name).toBe('calculator');
    expect(registry.get('missing')).toBeUndefined();
    expect(registry.list().map((entry) => entry.name)).toEqual(['calculator', 'a', `x${'1'.repeat(63)}`]);
  });

  it.each(['', 'Calculator', '1tool', 'has-dash', 'has space', '_private', `x${'1'.repeat(64)}`])('rejects the name %j', (name) => {
    expect(() => new ToolRegistry().register(tool(name))).toThrow(/^Invalid tool name/);
  });

  it('rejects duplicates, non-object schemas, empty descriptions and unsupported zod types', () => {
    const registry = new ToolRegistry().register(tool('calculator'));
    expect(() => registry.register(tool('calculator'))).toThrow('A tool named "calculator" is already registered');
    expect(() => registry.register(tool('bare', z.string()))).toThrow('Tool "bare" must take an object of arguments');
    expect(() => registry.register({ ...tool('quiet'), description: ' ' })).toThrow('Tool "quiet" needs a description');
    expect(() => registry.register(tool('dated', z.object({ at: z.date() })))).toThrow('Unsupported zod type in a tool schema: ZodDate');
    expect(registry.list()).toHaveLength(1);
  });
});

describe('ToolRegistry definitions', () => {
  it('converts the zod schema to exact JSON Schema', () => {
    const registry = new ToolRegistry().register({ ...tool('lookup', lookupSchema), description: 'Looks things up.' });
    expect(registry.definitions()).toEqual([
      {
        name: 'lookup',
        description: 'Looks things up.',
        parameters: {
          type: 'object',
          properties: {
            query: { type: 'string', minLength: 1, maxLength: 300, description: 'What to look up.' },
            mode: { type: 'string', enum: ['exact', 'fuzzy'], description: 'How to match.' },
            code: { type: 'string', minLength: 4, maxLength: 4, pattern: '^[A-Z]+$' },
            limit: { type: 'integer', minimum: 1, maximum: 20, description: 'How many results.' },
            ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
            verbose: { type: 'boolean', default: false },
            tags: { type: 'array', items: { type: 'string', maxLength: 30 }, minItems: 1, maxItems: 5 },
            filter: {
              type: 'object',
              properties: { since: { type: 'string', description: 'ISO date.' } },
              required: ['since'],
              additionalProperties: false,
              description: 'Optional filter.',
            },
          },
          required: ['query', 'mode', 'code'],
          additionalProperties: false,
        },
      },
    ]);
  });

  it('gives an argument-less tool an empty object schema and filters by kind', () => {
    const registry = new ToolRegistry().register(tool('now')).register(tool('open_ticket', z.object({}), 'write'));
    expect(registry.definitions({ kind: 'read' })).toEqual([
      { name: 'now', description: 'The now tool.', parameters: { type: 'object', properties: {}, additionalProperties: false } },
    ]);
    expect(registry.definitions({ kind: 'write' }).map((definition) => definition.name)).toEqual(['open_ticket']);
  });

  it('hands out copies, so a caller cannot alter the registered schema', () => {
    const registry = new ToolRegistry().register(tool('lookup', lookupSchema));
    (registry.definitions()[0]!.parameters.properties as Record<string, unknown>).query = 'changed';
    expect(registry.definitions()[0]!.parameters.properties!.query).toMatchObject({ type: 'string' });
  });
});

describe('ToolRegistry.parseArguments', () => {
  const registry = new ToolRegistry().register(tool('lookup', lookupSchema)).register(tool('now'));

  it('returns the tool and typed arguments, applying defaults', () => {
    const result = registry.parseArguments('lookup', '{"query":"vpn","mode":"exact","code":"ABCD","limit":3}');
    expect(result).toEqual({ ok: true, tool: registry.get('lookup'), args: { query: 'vpn', mode: 'exact', code: 'ABCD', limit: 3, verbose: false } });
  });

  it('treats empty arguments as an empty object', () => {
    expect(registry.parseArguments('now', '')).toMatchObject({ ok: true, args: {} });
    expect(registry.parseArguments('now', '  ')).toMatchObject({ ok: true, args: {} });
  });

  it.each([
    ['unknown tool', 'delete_everything', '{}', 'Unknown tool "delete_everything". Available tools: lookup, now.'],
    ['invalid JSON', 'lookup', '{"query": "vpn",', 'Arguments for lookup are not valid JSON: send one JSON object.'],
    ['prose instead of JSON', 'lookup', 'Sure! Here are the arguments', 'Arguments for lookup are not valid JSON: send one JSON object.'],
    ['an array', 'lookup', '["vpn"]', 'Invalid arguments for lookup: Expected object, received array'],
    ['null', 'now', 'null', 'Invalid arguments for now: Expected object, received null'],
    ['a wrong type', 'lookup', '{"query":42,"mode":"exact","code":"ABCD"}', 'Invalid arguments for lookup: query: Expected string, received number'],
    [
      'several problems',
      'lookup',
      '{"mode":"sloppy","code":"ABCD","limit":2.5}',
      "Invalid arguments for lookup: query: Required; mode: Invalid enum value. Expected 'exact' | 'fuzzy', received 'sloppy'; limit: Expected integer, received float",
    ],
  ])('explains %s', (_case, name, raw, error) => {
    expect(registry.parseArguments(name, raw)).toEqual({ ok: false, error });
  });

  it('keeps errors short even for huge garbage', () => {
    const result = registry.parseArguments('x'.repeat(10_000), '{}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeLessThanOrEqual(400);
    const wrong = registry.parseArguments('lookup', JSON.stringify({ query: 'q', mode: 'x'.repeat(5000), code: 'ABCD' }));
    if (!wrong.ok) expect(wrong.error.length).toBeLessThanOrEqual(400);
    expect(wrong.ok).toBe(false);
  });

  it('does not throw when a schema refinement throws', () => {
    const fragile = z.object({ n: z.number() }).refine(() => {
      throw new Error('bug');
    });
    const odd = new ToolRegistry();
    // Registration needs a plain object schema, so slip the fragile one in after definitions are built.
    const entry = tool('fragile', z.object({ n: z.number() }));
    odd.register(entry);
    entry.schema = fragile;
    expect(odd.parseArguments('fragile', '{"n":1}')).toEqual({ ok: false, error: 'Arguments for fragile could not be checked.' });
  });
});
