import { z } from 'zod';
import type { Tool } from './types';

export interface CurrentDatetimeOptions {
  /** The company's IANA time zone, e.g. 'Europe/Lisbon'. */
  timeZone: string;
  /** Injectable clock for tests. */
  now?: () => Date;
}

const currentDatetimeSchema = z.object({});

/**
 * Today's date, time and weekday where the company is. Models do not know
 * the date and guess badly ("next Monday", "is the office open now?"), so the
 * answer engine offers this instead. The zone is checked at construction so
 * a typo in configuration fails at start-up, not on the first question.
 */
export function createCurrentDatetimeTool(options: CurrentDatetimeOptions): Tool<typeof currentDatetimeSchema> {
  const { timeZone } = options;
  const now = options.now ?? (() => new Date());
  let parts: Intl.DateTimeFormat;
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    throw new Error(`Unknown time zone "${timeZone}": use an IANA name such as "Europe/Lisbon"`);
  }
  const numeric = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  return {
    name: 'current_datetime',
    description: `Returns the current date, time and weekday in the company time zone (${timeZone}). Use it for questions about today, now, or relative dates.`,
    kind: 'read',
    schema: currentDatetimeSchema,
    async run() {
      const instant = now();
      const field = fieldsOf(parts, instant);
      const offset = formatOffset(offsetMinutes(numeric, instant));
      return `${field.weekday} ${field.day} ${field.month} ${field.year}, ${field.hour}:${field.minute} (${timeZone}, UTC${offset})`;
    },
  };
}

function fieldsOf(format: Intl.DateTimeFormat, instant: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
}

/**
 * The zone's offset at this instant, from the wall-clock fields read back as
 * if they were UTC. Computed rather than read from `timeZoneName` because the
 * offset names differ between ICU builds (Node and workerd).
 */
function offsetMinutes(format: Intl.DateTimeFormat, instant: Date): number {
  const field = fieldsOf(format, instant);
  const wallClock = Date.UTC(
    Number(field.year),
    Number(field.month) - 1,
    Number(field.day),
    Number(field.hour),
    Number(field.minute),
    Number(field.second),
  );
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClock - truncated) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}
