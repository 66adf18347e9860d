import type { Context } from 'hono';
import { D1ChannelRepository } from '../../adapters/d1/d1-channels';
import type { AppEnv } from '../app-env';

/** The channels, the Slack one created from SLACK_STAGE on first read when Slack is configured (as the Slack wiring does). */
export function channelRepository<E extends AppEnv>(c: Context<E>): D1ChannelRepository {
  const slack = c.get('slack');
  return new D1ChannelRepository(c.env.DB, slack ? [{ id: 'slack', kind: 'slack', stage: slack.config.stage }] : []);
}
