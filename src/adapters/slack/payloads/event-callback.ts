import { z } from 'zod';

/*
 * The Events API body (https://api.slack.com/apis/events-api): a
 * `url_verification` handshake, or an `event_callback` envelope around one
 * event. Checked here once, at intake and again when the consumer reads the
 * recorded body, so neither casts it. The inner event is left to
 * classifyMessage (slack-event.ts) and parseSurfaceEvent, which decide what it is.
 */

const EVENT_ID = /^[A-Za-z0-9]{1,64}$/;

const record = z.record(z.unknown());

const urlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string() }).passthrough();

const eventCallback = z
  .object({
    type: z.literal('event_callback'),
    event_id: z.string().regex(EVENT_ID),
    // A non-object event is no question: kept as undefined for the classifier to ignore.
    event: z.unknown().transform((value) => (record.safeParse(value).success ? (value as Record<string, unknown>) : undefined)),
  })
  .passthrough();

export type EventCallback = z.infer<typeof eventCallback>;

export type EventsBody =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'event_callback'; envelope: EventCallback }
  /** Any other type Slack may send (app_rate_limited ...): acknowledged, not acted on. */
  | { kind: 'other' }
  | { kind: 'invalid'; field: 'challenge' | 'event_id'; message: string };

/** Sorts a JSON object POSTed to the Events API endpoint. */
export function parseEventsBody(body: Record<string, unknown>): EventsBody {
  if (body.type === 'url_verification') {
    const parsed = urlVerification.safeParse(body);
    return parsed.success ? { kind: 'url_verification', challenge: parsed.data.challenge } : { kind: 'invalid', field: 'challenge', message: 'Missing challenge.' };
  }
  if (body.type !== 'event_callback') return { kind: 'other' };
  const parsed = eventCallback.safeParse(body);
  return parsed.success ? { kind: 'event_callback', envelope: parsed.data } : { kind: 'invalid', field: 'event_id', message: 'Missing event_id.' };
}

export function isEventCallback(body: unknown): body is EventCallback {
  return eventCallback.safeParse(body).success;
}

/** The envelope of a recorded event (intake stored it as received), or null when the record is not one. */
export function recordedEnvelope(payload: string): EventCallback | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = eventCallback.safeParse(value);
  return parsed.success ? parsed.data : null;
}
