import type { WebClient } from '@slack/web-api';

/** Who the app is in Slack: the workspace it is installed in, the app, and its bot user. */
export interface SlackIdentity {
  teamId: string;
  /** null when neither SLACK_APP_ID nor Slack could say (the app check is then skipped, and logged). */
  appId: string | null;
  botUserId: string | null;
}

/**
 * The app's identity from SLACK_TEAM_ID / SLACK_APP_ID / SLACK_BOT_USER_ID,
 * and what is unset learned from Slack once per isolate: `auth.test` names
 * the workspace and bot user, and `bots.info` the bot's app when auth.test
 * does not. A failed lookup is not cached, so the next request asks again.
 */
export class SlackIdentityResolver {
  private pending: Promise<SlackIdentity> | null = null;

  constructor(
    private readonly client: Pick<WebClient, 'auth' | 'bots'>,
    private readonly configured: { teamId: string | null; appId: string | null; botUserId: string | null; botId: string | null },
    private readonly log: (event: string, fields: Record<string, unknown>) => void,
  ) {}

  /** The identity; throws when it is not configured and Slack cannot be asked (the caller retries). */
  resolve(): Promise<SlackIdentity> {
    this.pending ??= this.learn().catch((error: unknown) => {
      this.pending = null;
      throw error;
    });
    return this.pending;
  }

  private async learn(): Promise<SlackIdentity> {
    const { teamId, appId, botUserId, botId } = this.configured;
    if (teamId && appId && botUserId) return { teamId, appId, botUserId };
    const auth = await this.client.auth.test();
    const learnedTeam = teamId ?? auth.team_id ?? null;
    if (!learnedTeam) throw new Error('auth.test did not name the workspace');
    let learnedApp = appId ?? auth.app_id ?? null;
    const learnedBot = botId ?? auth.bot_id ?? null;
    if (!learnedApp && learnedBot) learnedApp = (await this.client.bots.info({ bot: learnedBot })).bot?.app_id ?? null;
    if (!learnedApp) this.log('slack-app-id-unknown', { advice: 'set SLACK_APP_ID to refuse events for other apps' });
    return { teamId: learnedTeam, appId: learnedApp, botUserId: botUserId ?? auth.user_id ?? null };
  }
}

/**
 * Why an event envelope is not for this app (another workspace, another app),
 * or null when it is. Slack signs every app's requests with that app's secret,
 * so a mismatch means a shared or leaked signing secret, or an org-wide
 * install sending events for workspaces this deployment does not serve.
 */
export function foreignEnvelope(envelope: Record<string, unknown>, identity: SlackIdentity): 'team' | 'app' | null {
  if (envelope.team_id !== identity.teamId) return 'team';
  if (identity.appId !== null && envelope.api_app_id !== identity.appId) return 'app';
  return null;
}
