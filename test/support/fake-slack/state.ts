// The fake workspace's state: messages, reactions, channel membership, opened
// views. Platform-free (no node:*).

import type { ChannelSpec, EphemeralMessage, FakeSlackOptions, OpenedView, Reaction, SeedMessage, StoredMessage } from './types';

/** Generated message timestamps start here; fixture messages sit just before it. */
const TS_BASE_SECONDS = 1_700_000_000;
/** Microseconds between two generated timestamps. */
const TS_STEP = 100;

export interface Identity {
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  teamId: string;
  teamDomain: string;
}

export function identityFrom(options: FakeSlackOptions): Identity {
  return {
    botToken: options.botToken ?? 'xoxb-test-token',
    botUserId: options.botUserId ?? 'UBOT',
    botId: options.botId ?? 'B0001',
    appId: options.appId ?? 'A0001',
    teamId: options.teamId ?? 'T0001',
    teamDomain: 'countersign-test',
  };
}

/** Orders Slack timestamps ('1700000000.000100') numerically, oldest first. */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '0', aMicros = '0'] = a.split('.');
  const [bSeconds = '0', bMicros = '0'] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0'));
}

export const isTs = (value: string): boolean => /^\d{10}\.\d{6}$/.test(value);

/** How users.info describes a user who is not an ordinary member of the workspace. */
export interface UserProfile {
  /** Another organisation's workspace (a Slack Connect user). */
  team_id?: string;
  /** A multi-channel guest. */
  is_restricted?: boolean;
  /** A single-channel guest. */
  is_ultra_restricted?: boolean;
  /** users.info answers user_not_found, as it may for a Slack Connect user. */
  unknown?: boolean;
}

export class SlackState {
  /** users.info overrides by user id; everyone else is a plain member of the workspace. */
  users: Record<string, UserProfile> = {};
  messages: StoredMessage[] = [];
  ephemerals: EphemeralMessage[] = [];
  views: OpenedView[] = [];
  /** The App Home each user sees: the last view published to them (views.publish). */
  homes = new Map<string, Record<string, unknown>>();
  /** channel → ts → reaction name → users, in the order they reacted. */
  private readonly reactionIndex = new Map<string, Map<string, Map<string, string[]>>>();
  channels: Record<string, ChannelSpec>;
  private tsCounter = 0;
  private viewCounter = 0;

  constructor(
    readonly identity: Identity,
    private readonly initialChannels: Record<string, ChannelSpec> = {},
    /** User group id → member user ids, for usergroups.users.list. */
    readonly usergroups: Record<string, string[]> = {},
  ) {
    this.channels = structuredClone(initialChannels);
  }

  /** Strictly increasing, Slack-shaped: 1700000000.000100, 1700000000.000200 ... */
  nextTs(): string {
    const micros = ++this.tsCounter * TS_STEP;
    const seconds = TS_BASE_SECONDS + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextViewId(): string {
    return `V${String(++this.viewCounter).padStart(4, '0')}`;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  seed(seed: SeedMessage): StoredMessage {
    const message: StoredMessage = {
      type: 'message',
      channel: seed.channel,
      ts: seed.ts ?? this.nextTs(),
      user: seed.user,
      text: seed.text,
      team: this.identity.teamId,
      ...(seed.thread_ts !== undefined && { thread_ts: seed.thread_ts }),
      ...(seed.metadata !== undefined && { metadata: seed.metadata }),
    };
    this.messages.push(message);
    return message;
  }

  /** Messages of one channel (or all), in the order they were stored. */
  list(channel?: string): StoredMessage[] {
    return channel === undefined ? [...this.messages] : this.messages.filter((m) => m.channel === channel);
  }

  /**
   * The bot is in a channel unless the channel is declared without it. An
   * undeclared channel counts as joined, so tests declare only what they test.
   */
  botIsIn(channel: string): boolean {
    const declared = this.channels[channel];
    return declared === undefined || declared.members.includes(this.identity.botUserId);
  }

  /** A user is in a channel unless the channel is declared without them. */
  userIsIn(channel: string, user: string): boolean {
    const declared = this.channels[channel];
    return declared === undefined || declared.members.includes(user);
  }

  /** false when the user had already added that reaction. */
  addReaction(channel: string, ts: string, name: string, user: string): boolean {
    const byTs = this.reactionIndex.get(channel) ?? new Map<string, Map<string, string[]>>();
    this.reactionIndex.set(channel, byTs);
    const byName = byTs.get(ts) ?? new Map<string, string[]>();
    byTs.set(ts, byName);
    const users = byName.get(name) ?? [];
    if (users.includes(user)) return false;
    byName.set(name, [...users, user]);
    return true;
  }

  /** false when the user had not added that reaction. */
  removeReaction(channel: string, ts: string, name: string, user: string): boolean {
    const byName = this.reactionIndex.get(channel)?.get(ts);
    const users = byName?.get(name);
    if (!byName || !users?.includes(user)) return false;
    const remaining = users.filter((u) => u !== user);
    if (remaining.length > 0) byName.set(name, remaining);
    else byName.delete(name);
    return true;
  }

  reactions(): Reaction[] {
    const all: Reaction[] = [];
    for (const [channel, byTs] of this.reactionIndex) {
      for (const [ts, byName] of byTs) {
        for (const [name, users] of byName) all.push({ channel, ts, name, users: [...users] });
      }
    }
    return all;
  }

  /** Slack's `reactions` array on a message, or undefined when it has none. */
  reactionsOn(channel: string, ts: string): { name: string; users: string[]; count: number }[] | undefined {
    const byName = this.reactionIndex.get(channel)?.get(ts);
    if (!byName || byName.size === 0) return undefined;
    return [...byName].map(([name, users]) => ({ name, users: [...users], count: users.length }));
  }

  /** Back to how the server started, channel membership included. */
  reset(): void {
    this.messages = [];
    this.users = {};
    this.ephemerals = [];
    this.views = [];
    this.homes.clear();
    this.reactionIndex.clear();
    this.channels = structuredClone(this.initialChannels);
    this.tsCounter = 0;
    this.viewCounter = 0;
  }
}
