import type { AppEnv } from '../app-env';
import type { ConsoleSession } from './session';

/** The app's variables plus the signed-in staff member (null until the session middleware finds one). */
export interface ConsoleEnv {
  Bindings: Env;
  Variables: AppEnv['Variables'] & { user: ConsoleSession | null };
}
