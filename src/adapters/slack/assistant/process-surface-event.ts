import type { SlackInboundStore } from '../../d1/d1-inbound-store';
import { recordedEnvelope } from '../payloads/event-callback';
import { classifySlackError, SlackDeliveryError } from '../slack-errors';
import { parseSurfaceEvent, type SurfaceEvent } from './surface-event';
import { handleSurfaceEvent, type SurfaceEventDependencies } from './surface-events';

/** The AI-surface event recorded under this key, or null when it is another kind of event (a question). */
export async function recordedSurfaceEvent(inbound: SlackInboundStore, key: string): Promise<SurfaceEvent | null> {
  const record = await inbound.get(key);
  if (!record) return null;
  const envelope = recordedEnvelope(record.payload);
  return envelope ? parseSurfaceEvent(envelope.event) : null;
}

/**
 * Handles one recorded AI-surface event from the queue, claimed like a
 * question so a redelivery does not repeat it; a retryable failure gives the
 * claim back for the queue's retry, a permanent one is recorded (as ignored, with its code) and dropped
 * (a missed greeting or Home refresh is not worth alerting staff over).
 */
export async function processSurfaceEvent(key: string, event: SurfaceEvent, inbound: SlackInboundStore, deps: SurfaceEventDependencies): Promise<void> {
  const claim = await inbound.claimProcessing(key);
  if (claim === 'finished') return;
  if (claim === 'busy') throw new SlackDeliveryError('event_in_progress', true);
  try {
    await handleSurfaceEvent(event, deps);
    await inbound.setStatus(key, 'done');
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.retryable) {
      await inbound.release(key);
      throw failure;
    }
    // 'ignored', not 'failed': failed counts unanswered questions, and this was none.
    await inbound.setStatus(key, 'ignored', failure.code);
    deps.log('slack-surface-event-failed', { eventKey: key, kind: event.kind, code: failure.code });
  }
}
