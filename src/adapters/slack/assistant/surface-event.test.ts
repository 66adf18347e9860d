import { describe, expect, it } from 'vitest';
import appContextChanged from '../../../../test/fixtures/slack/app-context-changed.json';
import appHomeOpened from '../../../../test/fixtures/slack/app-home-opened.json';
import contextChanged from '../../../../test/fixtures/slack/assistant-thread-context-changed.json';
import threadStarted from '../../../../test/fixtures/slack/assistant-thread-started.json';
import { isSurfaceEventType, messageContextChannel, parseSurfaceEvent } from './surface-event';

describe('parseSurfaceEvent (Slack documented payloads)', () => {
  it('reads assistant_thread_started and _context_changed', () => {
    expect(parseSurfaceEvent(threadStarted.event)).toEqual({ kind: 'thread-started', channel: 'D1001', threadTs: '1699990100.000100', userId: 'U1001', contextChannel: 'C1001' });
    expect(parseSurfaceEvent(contextChanged.event)).toEqual({ kind: 'thread-context', channel: 'D1001', threadTs: '1699990100.000100', userId: 'U1001', contextChannel: 'C9001' });
  });

  it('reads app_context_changed as documented (no user, no channel) and app_home_opened on either tab', () => {
    expect(parseSurfaceEvent(appContextChanged.event)).toEqual({ kind: 'app-context', channel: null, userId: null, contextChannel: 'C1001' });
    expect(parseSurfaceEvent({ ...appContextChanged.event, user: 'U1001', channel: 'D1001', context: {} })).toEqual({ kind: 'app-context', channel: 'D1001', userId: 'U1001', contextChannel: null });
    expect(parseSurfaceEvent(appHomeOpened.event)).toEqual({ kind: 'home-opened', channel: 'D1001', userId: 'U1001', tab: 'home' });
    expect(parseSurfaceEvent({ ...appHomeOpened.event, tab: 'messages' })).toMatchObject({ kind: 'home-opened', tab: 'messages' });
  });

  it('takes only channels as context: a DM in view, or a malformed id, is no context', () => {
    const withContext = (channel: unknown) => ({ ...threadStarted.event, assistant_thread: { ...threadStarted.event.assistant_thread, context: { channel_id: channel } } });
    expect(parseSurfaceEvent(withContext('D2002'))).toMatchObject({ contextChannel: null });
    expect(parseSurfaceEvent(withContext('<!channel>'))).toMatchObject({ contextChannel: null });
    expect(parseSurfaceEvent(withContext('G5001'))).toMatchObject({ contextChannel: 'G5001' });
  });

  it('ignores anything malformed or of another type', () => {
    for (const event of [null, 'x', {}, { type: 'message' }, { ...threadStarted.event, assistant_thread: { user_id: 'U1', channel_id: 'D1', thread_ts: 'not-a-ts' } }, { type: 'app_home_opened', user: 'not an id' }]) {
      expect(parseSurfaceEvent(event)).toBeNull();
    }
    expect(SURFACE_TYPES.map(isSurfaceEventType)).toEqual([true, true, true, true, false, false]);
  });

  it("reads the channel an agent-view message says is in view (the first channel among its entities)", () => {
    const entities = [{ type: 'slack#/types/canvas_id', value: 'F1' }, { type: 'slack#/types/message_context', value: { channel_id: 'C1001', message_ts: '1.2' } }, { type: 'slack#/types/channel_id', value: 'C9001' }];
    expect(messageContextChannel({ type: 'message', app_context: { entities } })).toBe('C1001');
    expect(messageContextChannel({ type: 'message' })).toBeNull();
    expect(messageContextChannel({ type: 'message', app_context: { entities: 'nope' } })).toBeNull();
  });
});

const SURFACE_TYPES = ['assistant_thread_started', 'assistant_thread_context_changed', 'app_context_changed', 'app_home_opened', 'message', 42];
