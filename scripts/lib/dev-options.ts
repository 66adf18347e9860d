import { parseArgs, UsageError } from './args';

export const DEV_USAGE = `usage: npm run dev -- [--port 8787] [--allow-origin ORIGIN]...

Starts the whole loop on this machine: .dev.vars with local secrets (first run), the D1
migrations, wrangler dev on 127.0.0.1, and the bundled sample knowledge base.

  --port N               the port to serve on (default: $PORT, else 8787)
  --allow-origin ORIGIN  a site that may embed the web chat widget in this run, such as
                         http://localhost:3000 (repeatable); added to WEB_ALLOWED_ORIGINS
                         from .dev.vars or wrangler.toml, for this run only
  --help                 this text`;

export interface DevOptions {
  port: number;
  allowOrigins: string[];
}

/** `npm run dev`'s command line and PORT, checked: a bad port or origin is a usage error, not a confusing wrangler failure. */
export function parseDevOptions(argv: string[], env: { PORT?: string }): DevOptions {
  const { options, positionals } = parseArgs(argv, { port: { type: 'number' }, 'allow-origin': { type: 'string', multiple: true } }, DEV_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = (options.port as number | undefined) ?? (env.PORT?.trim() ? Number(env.PORT) : 8787);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('--port (or PORT) must be an integer from 1 to 65535');
  const allowOrigins = ((options['allow-origin'] as string[] | undefined) ?? []).map((value) => value.trim());
  for (const origin of allowOrigins) {
    if (!isOrigin(origin)) throw new UsageError(`--allow-origin "${origin}" is not an origin such as http://localhost:3000 (scheme, host and port; no path, no trailing slash)`);
  }
  return { port, allowOrigins };
}

/** The WEB_ALLOWED_ORIGINS for this run: the configured list plus the extra origins, each once; null when nothing is added. */
export function mergedAllowedOrigins(configured: string, extra: string[]): string | null {
  if (extra.length === 0) return null;
  const list = configured.split(',').map((entry) => entry.trim()).filter(Boolean);
  return [...new Set([...list, ...extra])].join(',');
}

/** A variable's value in .dev.vars (which overrides wrangler.toml) or else in wrangler.toml's [vars]; "" when neither sets it. */
export function configuredVar(name: string, devVars: string, wranglerToml: string): string {
  // Quoted in wrangler.toml; quoted or bare in .dev.vars.
  const pattern = new RegExp(`^${name}\\s*=[ \\t]*"?([^"\\n]*)"?[ \\t]*$`, 'm');
  return (pattern.exec(devVars)?.[1] ?? pattern.exec(wranglerToml)?.[1] ?? '').trim();
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}
