import type { WebClient } from '@slack/web-api';

/** Membership is cached briefly per isolate: one lookup per burst of clicks, fresh within a minute. */
const CACHE_MS = 60_000;
const cache = new Map<string, { members: Set<string>; fetchedAt: number }>();

/**
 * Who may decide reviews: members of the staff channel, members of the
 * staff user group (SLACK_STAFF_USERGROUP), and any user ids configured in
 * SLACK_STAFF_USERS. Every decision checks this first.
 */
export class StaffDirectory {
  constructor(
    private readonly client: WebClient,
    private readonly staffChannel: string,
    private readonly staffUsers: string[],
    private readonly now: () => number = Date.now,
    private readonly staffGroup: string | null = null,
  ) {}

  async isStaff(userId: string): Promise<boolean> {
    if (this.staffUsers.includes(userId)) return true;
    if (this.staffGroup && (await this.groupMembers(this.staffGroup)).has(userId)) return true;
    return (await this.members()).has(userId);
  }

  private async groupMembers(group: string): Promise<Set<string>> {
    const key = `group:${group}`;
    const cached = cache.get(key);
    if (cached && this.now() - cached.fetchedAt < CACHE_MS) return cached.members;
    const response = await this.client.usergroups.users.list({ usergroup: group });
    const members = new Set(response.users ?? []);
    cache.set(key, { members, fetchedAt: this.now() });
    return members;
  }

  private async members(): Promise<Set<string>> {
    const cached = cache.get(this.staffChannel);
    if (cached && this.now() - cached.fetchedAt < CACHE_MS) return cached.members;
    const members = new Set<string>();
    let cursor: string | undefined;
    // Bounded: 10 pages of 200 is far beyond any staff channel.
    for (let page = 0; page < 10; page++) {
      const response = await this.client.conversations.members({ channel: this.staffChannel, limit: 200, ...(cursor ? { cursor } : {}) });
      for (const member of response.members ?? []) members.add(member);
      cursor = response.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    cache.set(this.staffChannel, { members, fetchedAt: this.now() });
    return members;
  }
}

/** For tests: forget cached memberships. */
export function clearStaffCache(): void {
  cache.clear();
}
