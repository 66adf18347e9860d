import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../test/support/fake-slack/server';
import { clearStaffCache, StaffDirectory } from './staff-directory';

let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlack({ channels: { C9001: { members: ['U2001'] } }, usergroups: { S0STAFF: ['U3001'] } });
  client = new WebClient('xoxb-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterAll(() => slack.close());
beforeEach(clearStaffCache);

describe('StaffDirectory', () => {
  it('counts channel members, user group members and listed users as staff, and nobody else', async () => {
    const staff = new StaffDirectory(client, 'C9001', ['U4001'], Date.now, 'S0STAFF');
    expect(await staff.isStaff('U2001')).toBe(true);
    expect(await staff.isStaff('U3001')).toBe(true);
    expect(await staff.isStaff('U4001')).toBe(true);
    expect(await staff.isStaff('U1001')).toBe(false);
  });

  it('asks Slack once a minute, not once a click', async () => {
    let now = 0;
    const staff = new StaffDirectory(client, 'C9001', [], () => now, 'S0STAFF');
    slack.reset();
    for (let click = 0; click < 5; click++) await staff.isStaff('U1001');
    expect(slack.callsTo('conversations.members')).toHaveLength(1);
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1);
    now += 61_000;
    await staff.isStaff('U1001');
    expect(slack.callsTo('conversations.members')).toHaveLength(2);
  });

  it('fails loudly on an unknown user group rather than treating everyone as a non-member silently', async () => {
    const staff = new StaffDirectory(client, 'C9001', [], Date.now, 'S0NOPE');
    await expect(staff.isStaff('U1001')).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
  });
});
