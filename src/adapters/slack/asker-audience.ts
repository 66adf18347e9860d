import type { WebClient } from '@slack/web-api';
import type { AskerAudience } from '../../domain/answer/types';
import { classifySlackError } from './slack-errors';
import type { SlackMessageEvent } from './slack-event';

/**
 * Why a Slack asker is not answered as an employee: a user of another
 * organisation (Slack Connect), a guest of ours, or anyone asking in a channel
 * shared with another organisation (whose members all read the reply).
 */
export type Outsider = 'external' | 'guest' | 'shared-channel';

/** A Slack user as far as audience goes: their workspace and whether they are a guest. */
export interface SlackUserFacts {
  teamId: string | null;
  restricted: boolean;
  ultraRestricted: boolean;
}

/** Where users.info answers are kept between questions (D1 in the Worker). */
export interface SlackUserCache {
  /** The cached facts, or null when there are none younger than maxAgeMs. */
  fresh(userId: string, maxAgeMs: number): Promise<SlackUserFacts | null>;
  remember(userId: string, facts: SlackUserFacts): Promise<void>;
}

export interface AskerVerdict {
  audience: AskerAudience;
  outsider: Outsider | null;
}

/** users.info facts are re-read after this long: a guest promoted to member is answered as one within the hour. */
export const USER_FACTS_TTL_MS = 60 * 60_000;

/**
 * Looks askers up with users.info (cached in D1 for USER_FACTS_TTL_MS). A
 * user Slack will not describe (user_not_found, as for some Slack Connect
 * users) is treated as external: the unknown gets public documents only.
 * Transient failures throw, so the queue retries the question.
 */
export class AskerDirectory {
  constructor(
    private readonly client: Pick<WebClient, 'users'>,
    private readonly cache: SlackUserCache,
    private readonly log: (event: string, fields: Record<string, unknown>) => void,
  ) {}

  async facts(userId: string): Promise<SlackUserFacts> {
    const cached = await this.cache.fresh(userId, USER_FACTS_TTL_MS);
    if (cached) return cached;
    let facts: SlackUserFacts;
    try {
      const { user } = await this.client.users.info({ user: userId });
      facts = { teamId: typeof user?.team_id === 'string' ? user.team_id : null, restricted: user?.is_restricted === true, ultraRestricted: user?.is_ultra_restricted === true };
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.retryable) throw failure;
      this.log('slack-user-unknown', { code: failure.code });
      facts = { teamId: null, restricted: true, ultraRestricted: false };
    }
    await this.cache.remember(userId, facts);
    return facts;
  }
}

/** SLACK_OUTSIDERS=ignore leaves outside askers unanswered; a shared channel's own members are still answered (publicly). */
export function ignoresAsker(verdict: AskerVerdict, outsiders: 'public' | 'ignore'): boolean {
  return outsiders === 'ignore' && (verdict.outsider === 'external' || verdict.outsider === 'guest');
}

/**
 * Whether users.info describes one of this workspace's own full members: not
 * another organisation's user, not a guest, not someone Slack would not describe.
 * Anything learned from employees (the pane's suggested prompts, the App Home's
 * internal folders) is shown to members only.
 */
export function isWorkspaceMember(facts: SlackUserFacts, teamId: string): boolean {
  return facts.teamId === teamId && !facts.restricted && !facts.ultraRestricted;
}

/**
 * Who the asker is to us. The event's own team (`user_team` in Slack Connect)
 * is checked first, then users.info's; a guest is `is_restricted` (multi-
 * channel) or `is_ultra_restricted` (single-channel); and in a channel shared
 * with another organisation (`is_ext_shared_channel` on the envelope) even an
 * employee is answered from public documents, because outsiders read the thread.
 */
export function askerVerdict(envelope: Record<string, unknown>, event: SlackMessageEvent, facts: SlackUserFacts, teamId: string): AskerVerdict {
  const external = (event.userTeam !== null && event.userTeam !== teamId) || (facts.teamId !== null && facts.teamId !== teamId);
  const outsider: Outsider | null = external
    ? 'external'
    : facts.restricted || facts.ultraRestricted
      ? 'guest'
      : envelope.is_ext_shared_channel === true
        ? 'shared-channel'
        : null;
  return { audience: outsider ? 'customer' : 'employee', outsider };
}
