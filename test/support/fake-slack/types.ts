// Shapes shared by the fake Slack Web API server's files. Platform-free (no
// node:*), so workerd-side test helpers can import these types too.

export interface FakeSlackOptions {
  /** User group id → member user ids (usergroups.users.list). */
  usergroups?: Record<string, string[]>;
  /** The one bot token accepted (Authorization: Bearer, or a `token` form field). */
  botToken?: string;
  /** The bot's user id, returned by auth.test and used as the author of posted messages. */
  botUserId?: string;
  /** Returned by auth.test; also the `team` of posted messages. */
  teamId?: string;
  /** Returned by auth.test as bot_id and stamped on posted messages. */
  botId?: string;
  /** Stamped on posted messages and opened views as app_id. */
  appId?: string;
  /**
   * Channel membership. conversations.members answers only for these channels
   * (channel_not_found otherwise). For a listed channel, posting without the
   * bot among its members fails with not_in_channel, as Slack does; unlisted
   * channels accept posts so tests need not declare every channel.
   */
  channels?: Record<string, ChannelSpec>;
}

/** A channel of the fake workspace: its members, and what conversations.info says about it. */
export interface ChannelSpec {
  members: string[];
  name?: string;
  purpose?: string;
  is_private?: boolean;
}

/** A failure injected instead of (or, for 'delay', before) the normal answer. */
export type Fault =
  /** HTTP 429 with a Retry-After header and body {ok:false, error:'ratelimited'}. */
  | { fault: 'rate-limited'; retryAfterSeconds: number }
  /** HTTP 200 with {ok:false, error}: how Slack reports every API-level error. */
  | { fault: 'error'; error: string }
  /** A bare HTTP status (500, 503 ...) with a non-JSON body, as a failing edge answers. */
  | { fault: 'status'; status: number }
  /** Holds the request for ms, then answers normally (if the client is still there). */
  | { fault: 'delay'; ms: number }
  /**
   * Handles the call normally (a message is posted), then answers with a bare
   * HTTP status instead of the result: Slack did the work but the answer was
   * lost on the way back, as with a gateway timeout.
   */
  | { fault: 'lost-response'; status: number };

export interface RecordedCall {
  /** The Web API method, e.g. 'chat.postMessage'. */
  method: string;
  /** Wire encoding of the request body. */
  contentType: 'form' | 'json' | 'none' | 'other';
  /**
   * Parsed body. Form fields stay strings as sent (booleans arrive as 'true',
   * numbers as '5'), except known nested fields (blocks, attachments, metadata,
   * view ...) which are JSON-parsed back to objects. A `token` field is redacted.
   */
  body: Record<string, unknown>;
  /** The request carried the configured bot token. */
  authorized: boolean;
  /** HTTP status the fake answered with (filled in once answered). */
  status?: number;
  /** JSON body the fake answered with; undefined for a 'status' fault. */
  response?: unknown;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as stored by the fake: what chat.postMessage created or a test seeded. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  text: string;
  thread_ts?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
  bot_id?: string;
  app_id?: string;
  team?: string;
  edited?: { user: string; ts: string };
}

/** A message a test places in the workspace, e.g. the question a thread starts from. */
export interface SeedMessage {
  channel: string;
  user: string;
  text: string;
  ts?: string;
  thread_ts?: string;
  metadata?: MessageMetadata;
}

export interface Reaction {
  channel: string;
  ts: string;
  name: string;
  users: string[];
}

export interface OpenedView {
  trigger_id: string;
  view: Record<string, unknown>;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}
