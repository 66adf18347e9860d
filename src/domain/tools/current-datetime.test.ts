import { describe, expect, it } from 'vitest';
import { createCurrentDatetimeTool } from './current-datetime';
import type { ToolContext } from './types';

const context: ToolContext = { idempotencyKey: 'draft-1:0', audience: 'customer' };

function at(iso: string, timeZone: string) {
  return createCurrentDatetimeTool({ timeZone, now: () => new Date(iso) }).run({}, context);
}

describe('current_datetime', () => {
  it('shows winter time in Lisbon (UTC+00:00)', async () => {
    expect(await at('2026-11-26T14:05:30Z', 'Europe/Lisbon')).toBe('Thursday 26 November 2026, 14:05 (Europe/Lisbon, UTC+00:00)');
  });

  it('shows summer time in Lisbon (UTC+01:00)', async () => {
    expect(await at('2026-07-01T09:30:00Z', 'Europe/Lisbon')).toBe('Wednesday 1 July 2026, 10:30 (Europe/Lisbon, UTC+01:00)');
  });

  it('crosses the date line with negative offsets and DST in New York', async () => {
    expect(await at('2026-11-26T03:15:00Z', 'America/New_York')).toBe('Wednesday 25 November 2026, 22:15 (America/New_York, UTC-05:00)');
    expect(await at('2026-07-01T03:15:00Z', 'America/New_York')).toBe('Tuesday 30 June 2026, 23:15 (America/New_York, UTC-04:00)');
  });

  it('handles half-hour offsets and midnight', async () => {
    expect(await at('2026-01-15T18:30:00Z', 'Asia/Kolkata')).toBe('Friday 16 January 2026, 00:00 (Asia/Kolkata, UTC+05:30)');
  });

  it('reads the clock on every run, not once at construction', async () => {
    let current = new Date('2026-03-29T00:59:00Z');
    const tool = createCurrentDatetimeTool({ timeZone: 'Europe/Lisbon', now: () => current });
    expect(await tool.run({}, context)).toBe('Sunday 29 March 2026, 00:59 (Europe/Lisbon, UTC+00:00)');
    current = new Date('2026-03-29T01:00:00Z');
    expect(await tool.run({}, context)).toBe('Sunday 29 March 2026, 02:00 (Europe/Lisbon, UTC+01:00)');
  });

  it('rejects an unknown time zone at construction', () => {
    expect(() => createCurrentDatetimeTool({ timeZone: 'Europe/Atlantis' })).toThrow(
      'Unknown time zone "Europe/Atlantis": use an IANA name such as "Europe/Lisbon"',
    );
  });

  it('takes no arguments', () => {
    const tool = createCurrentDatetimeTool({ timeZone: 'UTC' });
    expect(tool.schema.safeParse({}).success).toBe(true);
    expect(tool.kind).toBe('read');
  });
});
