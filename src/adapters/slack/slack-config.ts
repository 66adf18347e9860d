import { configSections } from '../../config';
import type { RolloutStage } from '../../domain/answer/types';

/** Slack settings from Env; null when Slack is not configured (the endpoints answer 404). */
export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Channel id where review cards go; its members are staff. */
  staffChannel: string;
  /** Extra staff user ids (comma-separated SLACK_STAFF_USERS). */
  staffUsers: string[];
  /** A user group whose members are staff (SLACK_STAFF_USERGROUP), if any. */
  staffGroup: string | null;
  apiUrl: string;
  command: string;
  /** The rollout stage of the Slack (employee) channel. */
  stage: RolloutStage;
  botUserId: string | null;
  botId: string | null;
  /** The workspace (SLACK_TEAM_ID) and app (SLACK_APP_ID) events must come from; learned from Slack when null. */
  teamId: string | null;
  appId: string | null;
  /** Slack Connect users and guests: answered from public documents only, or not at all (SLACK_OUTSIDERS). */
  outsiders: 'public' | 'ignore';
}

export class SlackConfigError extends Error {
  override name = 'SlackConfigError';
}

export function readSlackConfig(env: Env): SlackConfig | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  if (!botToken || !signingSecret) return null;
  const staffChannel = env.SLACK_STAFF_CHANNEL?.trim() ?? '';
  if (!/^[CG][A-Z0-9]{2,}$/.test(staffChannel)) throw new SlackConfigError('SLACK_STAFF_CHANNEL must be a channel id such as C0123ABCD');
  const stage = slackStage(env);
  const command = env.SLACK_COMMAND?.trim() || '/countersign';
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) throw new SlackConfigError('SLACK_COMMAND must look like /countersign');
  const apiUrl = env.SLACK_API_URL?.trim() || 'https://slack.com/api/';
  const staffGroup = env.SLACK_STAFF_USERGROUP?.trim() || null;
  if (staffGroup && !/^S[A-Z0-9]{2,}$/.test(staffGroup)) throw new SlackConfigError('SLACK_STAFF_USERGROUP must be a user group id such as S0123ABCD');
  const teamId = env.SLACK_TEAM_ID?.trim() || null;
  if (teamId && !/^[TE][A-Z0-9]{2,}$/.test(teamId)) throw new SlackConfigError('SLACK_TEAM_ID must be a workspace id such as T0123ABCD');
  const appId = env.SLACK_APP_ID?.trim() || null;
  if (appId && !/^A[A-Z0-9]{2,}$/.test(appId)) throw new SlackConfigError('SLACK_APP_ID must be an app id such as A0123ABCD');
  const outsiders = env.SLACK_OUTSIDERS?.trim() || 'public';
  if (outsiders !== 'public' && outsiders !== 'ignore') throw new SlackConfigError('SLACK_OUTSIDERS must be public or ignore');
  return {
    botToken,
    signingSecret,
    staffChannel,
    staffUsers: (env.SLACK_STAFF_USERS ?? '').split(',').map((user) => user.trim()).filter(Boolean),
    staffGroup,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    command,
    stage,
    botUserId: env.SLACK_BOT_USER_ID?.trim() || null,
    botId: env.SLACK_BOT_ID?.trim() || null,
    teamId,
    appId,
    outsiders,
  };
}

/** The config's SLACK_STAGE; a bad one makes Slack misconfigured (its routes answer 503 naming it), not the whole Worker. */
function slackStage(env: Env): RolloutStage {
  try {
    return configSections(env).rollout.slackStage();
  } catch (error) {
    throw new SlackConfigError((error as Error).message);
  }
}
