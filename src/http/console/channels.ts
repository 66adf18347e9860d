import type { Context } from 'hono';
import type { D1ChannelRepository } from '../../adapters/d1/d1-channels';
import type { AppEnv } from '../app-env';

/** The channels (the one repository the wiring builds; the Slack one is created from SLACK_STAGE on first read). */
export function channelRepository<E extends AppEnv>(c: Context<E>): D1ChannelRepository {
  return c.get('wiring').channels;
}
