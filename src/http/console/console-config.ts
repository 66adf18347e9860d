export interface ConsoleConfig {
  adminToken: string | null;
  reviewerToken: string | null;
  /** Signs session cookies; null: the console is off (neither CONSOLE_SESSION_SECRET nor ADMIN_TOKEN is set). */
  sessionSecret: string | null;
  /** Cloudflare Access, when both its audience tag and team domain are set. */
  access: { audience: string; teamDomain: string; admins: Set<string> } | null;
}

export const SESSION_HOURS = 12;

const built = new WeakMap<object, ConsoleConfig>();

export function consoleConfig(env: Env): ConsoleConfig {
  let config = built.get(env);
  if (!config) {
    config = read(env);
    built.set(env, config);
  }
  return config;
}

function read(env: Env): ConsoleConfig {
  const vars = env;
  const adminToken = env.ADMIN_TOKEN?.trim() || null;
  const audience = vars.ACCESS_AUD?.trim();
  // Accept "team.cloudflareaccess.com" or "https://team.cloudflareaccess.com/".
  const teamDomain = vars.ACCESS_TEAM_DOMAIN?.trim().replace(/^https:\/\//i, '').replace(/\/+$/, '');
  return {
    adminToken,
    reviewerToken: env.REVIEWER_TOKEN?.trim() || null,
    // Deriving from ADMIN_TOKEN means rotating that token also ends every session.
    sessionSecret: env.CONSOLE_SESSION_SECRET?.trim() || adminToken,
    access:
      audience && teamDomain
        ? {
            audience,
            teamDomain,
            admins: new Set((vars.ACCESS_ADMINS ?? '').split(',').map((email) => email.trim().toLowerCase()).filter(Boolean)),
          }
        : null,
  };
}
