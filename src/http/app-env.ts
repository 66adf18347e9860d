import type { AppConfig } from '../config';
import type { SlackWiring } from '../wiring/slack-wiring';
import type { Wiring } from '../wiring/wiring';

/** Hono's type parameters for this app: the Worker Env and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: AppConfig; wiring: Wiring; slack: SlackWiring | null; slackConfigError: string | null };
}
