import type { Services } from '../composition';
import type { AppConfig } from '../config';
import type { SlackServices } from '../slack-composition';

/** Hono's type parameters for this app: the Worker Env and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: AppConfig; services: Services; slack: SlackServices | null; slackConfigError: string | null };
}
